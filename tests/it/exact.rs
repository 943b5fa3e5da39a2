//! Exact output: every human rendering and error path here is compared whole (stdout, stderr,
//! exit status) through `TestDir::check`, with a diff on failure. When a rendering changes on
//! purpose, update the expected text here in the same commit.

use crate::util::TestDir;

const HISTORY: &str = r#"{"id":1,"at":"2026-11-20T09:00:00Z","question":"Tell me about a time you failed.","story":"HL1","competency":"failure","answer_kind":"story","engine":"offline","overall":41,"codes":["no-metrics"],"speaking_seconds":40,"timed_seconds":null,"answer":"First try."}
{"id":2,"at":"2026-11-24T18:30:00Z","question":"Why do you want to work here?","story":null,"competency":"motivation-role","answer_kind":"motivation","engine":"offline","overall":77,"codes":[],"speaking_seconds":50,"timed_seconds":55,"answer":"Second try."}
"#;

/// The fixture bank at `./bank`, with `job.md` and `drafts/` beside it.
fn dir() -> TestDir {
    let dir = TestDir::with_bank();
    dir.copy_fixture("job.md", "job.md");
    dir.copy_fixture("drafts", "drafts");
    dir
}

/// The builder itself fails on a difference, naming the stream and showing the diff.
#[test]
#[should_panic(expected = "stdout differs:\n--- expected\n+++ actual")]
fn a_difference_fails_with_a_diff() {
    dir()
        .check(["--stories", "bank", "stories", "list"])
        .stdout("HL1 only\n")
        .run();
}

/// The bank as a table: id, kind, title, categories, then the count.
#[test]
fn stories_list_lines_up_ids_kinds_and_categories() {
    let dir = dir();
    dir.check(["--stories", "bank", "stories", "list"])
        .stdout(r#"HL1     story   A backfill job I launched overwrote a week of dashboard data  [Failure]
HL2     story   Pushed back on a product manager's launch date for the alerts feature  [Conflict]
QB1     story   Cut catalogue search latency from 2 seconds to 150 milliseconds  [Technically Challenging]
QB2     story   Taught the warehouse team to own their deploys  [Mentoring]
vision  answer  Vision  [Vision]
why-us  answer  Why Northwind Parcel  [Why this company]
6 entries
"#)
        .run();
}

/// The best entry with its score and the reasons it fits.
#[test]
fn match_names_the_story_and_why_it_fits() {
    let dir = dir();
    dir.check([
        "--stories",
        "bank",
        "match",
        "Tell me about a time you failed",
    ])
    .stdout(
        r#"Question: Tell me about a time you failed
 1. HL1  0.77  A backfill job I launched overwrote a week of dashboard data
         Failure and mistakes (category); a story, as the question asks for
engine: offline
"#,
    )
    .run();
}

/// Rubric, parts, then each finding with its severity and a suggestion, errors first.
#[test]
fn critique_of_a_short_draft_lists_every_finding_with_a_fix() {
    let dir = dir();
    dir.check(["--stories", "bank", "critique", "--draft", "drafts/short.txt", "--question", "Tell me about a time you failed."])
        .stdout(r#"Question: Tell me about a time you failed.
Kind: story answer
Overall    ░░░░░░░░░░   2/100
Rubric: structure 1/4, ownership 0/4, impact 0/4, specificity 2/4, relevance 1/4, vision 1/4, delivery 2/4
Situation  ░░░░░░░░░░   0
Task       ░░░░░░░░░░   0
Action     ██████░░░░  60
Result     ░░░░░░░░░░   0
Learned    ░░░░░░░░░░   0
7 words, about 3 s spoken

error   missing-result no outcome: the answer stops before saying what changed
        try: end with the result: what changed, for whom, and by how much
error   too-short about 3 s of speaking, under the 30 s an answer needs
        try: tell it as a story: context, your goal, what you did, and the measurable result
error   no-ownership the answer owns no failing: the question asks for one of yours
        try: own one specific mistake or weakness of your own, what it cost, and what you do differently since
warning missing-situation no context: the listener does not learn where, when or what was at stake
        try: open with one sentence of context: the company or team, the problem, and why it mattered
warning missing-task no statement of your goal or responsibility
        try: say what you were responsible for: "I owned...", "my goal was..."
warning no-learning a setback or a reflective question, and no lesson or reflection
        try: close with what you learned and what you do differently since
info    no-vision-link the answer never connects to your vision: "Fast software is reliable software: latency and availability are what users feel"
        try: add one sentence on how this made the system better by your vision's measure
engine: offline
"#)
        .run();
}

/// Follow-ups, each with why an interviewer asks it and what it targets.
#[test]
fn followups_say_why_each_would_be_asked() {
    let dir = dir();
    dir.check(["--stories", "bank", "followups", "--story", "HL1"])
        .stdout(r#" 1. How does this connect to what you care about as an engineer ("Fast software is reliable software: latency and availability are what users feel")?
    probes the link to your stated vision (vision)
 2. What alternatives did you consider, and why did you pick this one?
    tests whether the actions were chosen or just happened (action)
 3. How big was this: how many people, systems or users did it touch?
    sizes the scope to judge the level of the role (scope)
engine: offline
"#)
        .run();
}

/// Likely questions with the posting line that made each likely.
#[test]
fn questions_keep_their_evidence() {
    let dir = dir();
    dir.check([
        "--stories",
        "bank",
        "questions",
        "--job",
        "job.md",
        "--count",
        "5",
    ])
    .stdout(
        r#" 1. Tell me about a time you mentored an engineer or helped a struggling teammate.  (mentoring, 92%)
      < Mentor engineers on the team and review their designs
 2. Tell me about a time you had to explain a technical problem to non-engineers.  (communication, 92%)
      < Clear written communication
 3. How have you defined and improved the reliability of a service?  (reliability, 89%)
      < Own production reliability: define SLOs, lead incident response and blameless postmortems
      < Experience migrating legacy systems without downtime
 4. Tell me about a time you led a team or an initiative.  (leadership, 87%)
      < Own production reliability: define SLOs, lead incident response and blameless postmortems
 5. Tell me about yourself.  (introduction, 100%)
      < Senior Backend Engineer, Delivery Platform (asked in nearly every behavioral loop)
engine: offline
"#,
    )
    .run();
}

/// The flash card of the first story never practised, cut to 30 s.
#[test]
fn practice_next_shows_the_card_and_key_points() {
    let dir = dir();
    dir.check(["--stories", "bank", "practice", "--next", "--seconds", "30"])
        .stdout(r#"Practice · a story you have not practised yet

  Tell me about a time you failed. What did you learn?

Story: A backfill job I launched overwrote a week of dashboard data (HL1)
Target: 0:30 of speech
Key points
  • Harbor Lights Analytics sold weekly port-traffic dashboards to shipping firms.
  • I owned the backfill and had to finish it before the Monday report.
  • I launched the backfill against production without a dry run.
  • Dashboards were wrong for 3 hours; 2 customers noticed and both got a written explanation the same day.
  • I now run every backfill as a dry run first and compare row counts before writing.
"#)
        .run();
}

/// One entry: its header and every section.
#[test]
fn stories_show_prints_the_entry_with_its_sections() {
    let dir = dir();
    dir.check(["--stories", "bank", "stories", "show", "QB2"])
        .stdout(
            r#"QB2  Taught the warehouse team to own their deploys
story · Quillfeather Books · categories: Mentoring · tags: mentoring, ci, deploys, coaching

Situation
- The warehouse team waited for the platform team to deploy every change, often for two days

Task
- I volunteered to teach them to deploy their own services safely

Action
- I ran four workshops on the deploy pipeline, rollbacks and reading dashboards
- I paired with each engineer on their first deploy and wrote a checklist with them

Result
- Within 6 weeks the warehouse team shipped 30 deploys on their own, with no rollbacks
- Their lead time for changes dropped from 2 days to 3 hours

Learned
- Teaching people to fish takes longer once and saves time every week afterwards
"#,
        )
        .run();
}

/// The plan: per question the story, alternates, talk track, terms and gaps; then the uncovered requirements.
#[test]
fn tailor_plans_one_story_per_question() {
    let dir = dir();
    dir.check(["--stories", "bank", "tailor", "--job", "job.md", "--count", "3"])
        .stdout(r#"1. Tell me about a time you mentored an engineer or helped a struggling teammate.
   job: Mentor engineers on the team and review their designs
   story: QB2 Taught the warehouse team to own their deploys  (0.80)
   alternates: HL2
   [S] The warehouse team waited for the platform team to deploy every change, often for two days.
   [T] I volunteered to teach them to deploy their own services safely.
   [A] I ran four workshops on the deploy pipeline, rollbacks and reading dashboards.
   [A] I paired with each engineer on their first deploy and wrote a checklist with them.
   [R] Within 6 weeks the warehouse team shipped 30 deploys on their own, with no rollbacks.
   [R] Their lead time for changes dropped from 2 days to 3 hours.
   [L] Teaching people to fish takes longer once and saves time every week afterwards.
   about 38 s
   weave in: Mentor

2. Tell me about a time you had to explain a technical problem to non-engineers.
   job: Clear written communication
   story: QB1 Cut catalogue search latency from 2 seconds to 150 milliseconds  (0.56)
   alternates: QB2, HL1, HL2
   [S] Quillfeather Books' catalogue search took 2 seconds at p95, and shoppers abandoned slow searches.
   [T] I was asked to bring p95 search latency under 300 milliseconds before the holiday sale.
   [A] I profiled the search path and found that each query fetched prices one book at a time.
   [A] I replaced the per-book calls with one batched price lookup and cached the hottest 5,000 titles.
   [A] I added a latency dashboard and an alert on the p95.
   [R] p95 latency fell from 2 seconds to 150 milliseconds.
   [R] Search conversion rose 12% during the holiday sale.
   [L] Profiling first saved me from rewriting the part that was already fast.
   about 41 s
   gap: the posting asks for "written communication"; this story never shows it

3. How have you defined and improved the reliability of a service?
   job: Own production reliability: define SLOs, lead incident response and blameless postmortems
   job: Experience migrating legacy systems without downtime
   story: HL2 Pushed back on a product manager's launch date for the alerts feature  (0.73)
   alternates: QB2, HL1, QB1
   [S] Our product manager promised customers a new vessel-delay alerts feature in three weeks.
   [S] Load tests showed the alert queue would fall behind at twice the current traffic.
   [T] I had to change the plan without damaging my working relationship with the product manager.
   [A] I disagreed in a one-on-one and showed the load-test graphs instead of arguing in the stand-up.
   [A] I proposed a smaller launch to 10 pilot customers on the original date.
   [A] I committed to the compromise and wrote the capacity plan for the full launch.
   [R] The pilot launched on time, and the full launch followed 4 weeks later with no queue backlog.
   [R] The product manager now asks for a load test before promising dates.
   [L] Bringing data and an alternative turns a disagreement into a shared plan.
   about 50 s
   gap: the posting asks for "reliability"; this story never shows it
   gap: the posting asks for "incident"; this story never shows it
   gap: the posting asks for "postmortems"; this story never shows it

Not covered by any story (your to-write list):
  - SLOs  < Own production reliability: define SLOs, lead incident response and blameless postmortems
  - API  < Improve the latency of the tracking API and our search
  - launch dates  < Work with product managers to negotiate scope and launch dates
  - Go  < 5+ years building backend services in Go or Java
  - Java  < 5+ years building backend services in Go or Java
  - Kubernetes  < Experience with Kubernetes and Terraform
  - Terraform  < Experience with Kubernetes and Terraform
  - written communication  < Clear written communication
engine: offline
"#)
        .run();
}

/// The seed import's summary line.
#[test]
fn import_says_how_many_of_each_kind() {
    let dir = dir();
    dir.copy_fixture("seed/good.md", "good.md");
    dir.check(["import", "good.md", "--out", "imported"])
        .stdout(
            r#"imported 7 entries (4 stories, 3 answers) into imported
"#,
        )
        .run();
}

/// Broken entries: every problem of each file with its line, and the counts (exit 1).
#[test]
fn lint_names_file_line_and_counts() {
    let dir = dir();
    dir.copy_fixture("bank/HL1.md", "lintbank/HL1.md");
    dir.write(
        "lintbank/bad.md",
        "+++\nid = \"bad\"\nkind = \"story\"\n+++\n\n## Situation\n- x\n",
    );
    dir.write(
        "lintbank/worse.md",
        "+++\nid = \"worse\"\nkind = \"anecdote\"\ntitle = \"t\"\ncategories = \"Conflict\"\ncolour = \"red\"\n+++\n",
    );
    dir.check(["--stories", "lintbank", "stories", "lint"])
        .code(1)
        .stdout(
            r#"lintbank/bad.md:2: error: front matter: missing field `title`
lintbank/worse.md:3: error: unknown kind "anecdote": use "story" or "answer"
lintbank/worse.md:5: error: front matter: `categories` must be a list of strings, like ["Conflict"]
lintbank/worse.md:6: error: front matter: unknown field `colour`, expected one of `id`, `kind`, `title`, `company`, `categories`, `tags`
1 entry checked: 4 errors, 0 warnings
"#,
        )
        .run();
}

/// Each cause said once, in starcoach's voice (exit 2).
#[test]
fn a_missing_draft_is_named_with_its_cause() {
    let dir = dir();
    dir.check(["--stories", "bank", "critique", "--draft", "missing.txt"])
        .code(2)
        .stderr(
            r#"starcoach: error: cannot read draft missing.txt
starcoach:   caused by: No such file or directory (os error 2)
"#,
        )
        .run();
}

/// The daemon will not serve a bank that does not load; the problem is said once (exit 2).
#[test]
fn serve_refuses_a_broken_bank_saying_the_problem_once() {
    let dir = dir();
    dir.write(
        "broken/bad.md",
        "+++\nid = \"bad\"\nkind = \"story\"\ntitle = \"t\"\ntags = \"x\"\n+++\n",
    );
    dir.check(["--stories", "broken", "serve", "--addr", "127.0.0.1:0"])
        .code(2)
        .stderr(
            r#"starcoach: error: broken/bad.md:5: front matter: `tags` must be a list of strings, like ["Conflict"]
"#,
        )
        .run();
}

/// An unknown id (exit 2).
#[test]
fn an_unknown_story_id_names_the_bank() {
    let dir = dir();
    dir.check(["--stories", "bank", "stories", "show", "nope"])
        .code(2)
        .stderr(
            r#"starcoach: error: no entry with id "nope" in bank (see `starcoach stories list`)
"#,
        )
        .run();
}

/// A draft over 64 KiB (exit 2).
#[test]
fn a_draft_over_the_limit_is_refused_before_reading() {
    let dir = dir();
    dir.write("big.txt", "a".repeat(70_000));
    dir.check(["--stories", "bank", "critique", "--draft", "big.txt"])
        .code(2)
        .stderr(r#"starcoach: error: draft big.txt is larger than 64 KiB, the limit: shorten it to the part that matters
"#)
        .run();
}

/// A typo in the config file: the key, the line and what is allowed (exit 2).
#[test]
fn an_unknown_config_key_is_named_with_its_line() {
    let dir = dir();
    dir.write("bad.toml", "[llm]\nmodle = \"x\"\n");
    dir.check(["--config", "bad.toml", "--stories", "bank", "stories", "list"])
        .code(2)
        .stderr(r#"starcoach: error: config file bad.toml: key `llm.modle`: TOML parse error at line 2, column 1
  |
2 | modle = "x"
  | ^^^^^
unknown field `modle`, expected one of `base_url`, `model`, `api_key_env`, `context_window`, `max_concurrency`, `timeout_secs`, `max_retries`, `candidates`, `structured`, `reply_tokens`, `token_limit_field`, `temperature`, `prices`
"#)
        .run();
}

/// Attempts from an export with fixed times, newest first.
#[test]
fn history_list_shows_id_time_score_story_question() {
    let dir = dir();
    dir.write("h.jsonl", HISTORY);
    dir.check(["--stories", "bank", "history", "import", "h.jsonl"])
        .stdout("imported 2 attempts (0 already stored)\n")
        .run();
    dir.check(["--stories", "bank", "history", "list"])
        .stdout(
            r#"    2  2026-11-24T18:30:00Z   77  -                     Why do you want to work here?
    1  2026-11-20T09:00:00Z   41  HL1                   Tell me about a time you failed.
"#,
        )
        .run();
}
