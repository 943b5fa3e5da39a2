//! The employer's own words in a posting: its name, its products and its places.

use super::super::data;
use super::super::posting::Posting;
use super::JobLine;
use super::terms::capitalised;

/// How often the text around the role must name a word for it to be the employer's name.
const EMPLOYER_MENTIONS: usize = 2;

/// Capitalised words of the text around the role that no role line uses ("Gowanus"), or that
/// it keeps coming back to even when a role line names them too ("how Northvale builds
/// software"), and every place the posting gives.
pub(super) fn words(posting: &Posting, lines: &[JobLine], context: &[String]) -> Vec<String> {
    let used: Vec<String> = lines.iter().flat_map(|l| capitalised(&l.text)).collect();
    let elsewhere: Vec<String> = context.iter().flat_map(|c| capitalised(c)).collect();
    let told = |w: &String| elsewhere.iter().filter(|e| *e == w).count();
    let mut out: Vec<String> = elsewhere
        .iter()
        .filter(|w| !used.contains(w) || told(w) >= EMPLOYER_MENTIONS)
        .cloned()
        .collect();
    let texts = posting
        .title
        .iter()
        .chain(posting.blocks.iter().map(|b| &b.text));
    let texts: Vec<&String> = texts.collect();
    out.extend(texts.iter().flat_map(|t| places(t)));
    // "jobs@harborline.example", "https://www.quayside.io/careers": the employer's own domain
    // names it wherever a capitalised word spells it.
    let domains: Vec<String> = texts.iter().flat_map(|t| domain_labels(t)).collect();
    out.extend(
        texts
            .iter()
            .flat_map(|t| capitalised(t))
            .filter(|w| domains.contains(&w.to_lowercase())),
    );
    out.sort();
    out.dedup();
    out
}

/// The names in the addresses a text gives, without the parts every address has and the sites
/// many employers use (`shared_hosts`): "harborline" in "jobs@harborline.example" and in
/// "https://careers.harborline.com/apply", nothing in "https://github.com/harborline".
fn domain_labels(text: &str) -> Vec<String> {
    let shared = &data::words().shared_hosts;
    text.split_whitespace()
        .filter_map(|token| {
            let token = token
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            let host = match token.split_once('@') {
                Some((_, host)) => host.to_string(),
                None => {
                    let rest = token.split_once("://").map_or(token.as_str(), |(_, r)| r);
                    let host = rest.split('/').next().unwrap_or_default();
                    let web = token.contains("://") || host.starts_with("www.");
                    if !web {
                        return None;
                    }
                    host.to_string()
                }
            };
            let labels: Vec<&str> = host.split('.').collect();
            (labels.len() >= 2).then(|| {
                labels[..labels.len() - 1]
                    .iter()
                    .filter(|l| !l.is_empty() && !shared.contains(l))
                    .map(|l| l.to_string())
                    .collect::<Vec<_>>()
            })
        })
        .flatten()
        .collect()
}

/// The places a text gives: every name on a "Location:" line ("Harrisburg, Pennsylvania"), and
/// a name before a state, province or country code ("Brooklyn, NY", "Austin, TX").
fn places(text: &str) -> Vec<String> {
    let trimmed = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let lower = trimmed.to_lowercase();
    if lower.starts_with("location") || lower.starts_with("based in") {
        return capitalised(trimmed);
    }
    let mut out = Vec::new();
    for (at, _) in text.match_indices(", ") {
        let code: String = text[at + 2..]
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        let is_code = data::words().region_codes.contains(&code);
        if !is_code {
            continue;
        }
        let before: Vec<&str> = text[..at].split_whitespace().collect();
        let name: Vec<&str> = before
            .iter()
            .rev()
            .take_while(|w| {
                w.starts_with(char::is_uppercase) && !w.ends_with([',', ';', '.', ':', ')'])
            })
            .take(3)
            .copied()
            .collect();
        out.extend(name.iter().flat_map(|w| capitalised(w)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{domain_labels, places};

    #[test]
    fn an_address_names_its_domain_without_the_parts_every_address_has() {
        assert_eq!(
            domain_labels("Send it to jobs@harborline.example."),
            ["harborline"]
        );
        assert_eq!(
            domain_labels("Apply at https://careers.quayside.io/apply or www.tidewell.com"),
            ["quayside", "tidewell"]
        );
        assert!(domain_labels("We use Node.js and ASP.NET, a/b tests").is_empty());
        assert!(domain_labels("Our code: https://github.com/harborline").is_empty());
    }

    #[test]
    fn places_come_from_location_lines_and_state_codes() {
        assert_eq!(
            places("Location: Harrisburg, Pennsylvania (Hybrid)"),
            ["Location", "Harrisburg", "Pennsylvania", "Hybrid"]
        );
        assert_eq!(
            places("Seattle, WA; Austin, TX; Remote (US)"),
            ["Seattle", "Austin"]
        );
        assert!(places("We use Go, AWS and Kafka, GCP too").is_empty());
    }
}
