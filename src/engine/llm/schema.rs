//! What the model must reply, as Rust types: their JSON Schemas (schemars) go out as
//! `response_format`, with story ids and rubric codes pinned to the allowed values.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::config::Structured;
use crate::report::{CompetencyId, FindingCode, Severity, Target};

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct RankItem {
    /// A candidate id, exactly as given.
    pub id: String,
    /// How well the entry answers the question, 0 to 100.
    pub fit: u8,
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct MatchReply {
    pub ranking: Vec<RankItem>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct QuestionItem {
    pub question: String,
    pub competency: CompetencyId,
    /// Lines quoted verbatim from the job description.
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct QuestionsReply {
    pub questions: Vec<QuestionItem>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct TalkLine {
    /// The story field the line comes from.
    pub from: String,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct TailorReply {
    pub ranking: Vec<RankItem>,
    /// The talk track for the best-ranked entry.
    pub talk_track: Vec<TalkLine>,
    pub weave_in: Vec<String>,
    pub gaps: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct BriefReply {
    /// The story retold as short spoken lines, in order.
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct FindingItem {
    pub code: FindingCode,
    pub severity: Severity,
    pub message: String,
    pub suggestion: String,
    /// The draft's own words the finding is about, copied exactly; null when something is missing.
    pub quote: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct CritiqueReply {
    /// Bounded, so a grammar-constrained small model cannot list findings until its token
    /// limit cuts the JSON short.
    #[schemars(length(max = 10))]
    pub findings: Vec<FindingItem>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct FollowupItem {
    pub question: String,
    pub why: String,
    pub targets: Target,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct FollowupsReply {
    #[schemars(length(max = 8))]
    pub followups: Vec<FollowupItem>,
}

pub const TALK_FIELDS: &[&str] = &["situation", "task", "action", "result", "learned", "points"];

/// The schema of `T`, inlined and made strict (every property required, no extra ones), with
/// each `(property, allowed values)` pinned by an `enum` wherever that property occurs.
pub fn schema_for<T: JsonSchema>(pins: &[(&str, &[String])]) -> Value {
    let mut root = serde_json::to_value(schemars::schema_for!(T)).expect("schemas serialize");
    let defs = root
        .as_object_mut()
        .and_then(|o| o.remove("$defs"))
        .unwrap_or(Value::Null);
    inline_refs(&mut root, &defs);
    strictify(&mut root, pins);
    if let Some(o) = root.as_object_mut() {
        o.remove("$schema");
    }
    root
}

fn inline_refs(node: &mut Value, defs: &Value) {
    if let Some(name) = node
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        let mut def = defs.get(name).cloned().unwrap_or(Value::Null);
        inline_refs(&mut def, defs);
        *node = def;
        return;
    }
    match node {
        Value::Object(map) => map.values_mut().for_each(|v| inline_refs(v, defs)),
        Value::Array(items) => items.iter_mut().for_each(|v| inline_refs(v, defs)),
        _ => {}
    }
}

fn strictify(node: &mut Value, pins: &[(&str, &[String])]) {
    let Some(map) = node.as_object_mut() else {
        if let Value::Array(items) = node {
            items.iter_mut().for_each(|v| strictify(v, pins));
        }
        return;
    };
    map.remove("format");
    map.remove("minimum");
    map.remove("maximum");
    if let Some(Value::Object(props)) = map.get_mut("properties") {
        for (name, prop) in props.iter_mut() {
            if let Some((_, values)) = pins.iter().find(|(p, _)| p == name) {
                prop.as_object_mut()
                    .map(|p| p.insert("enum".into(), json!(values)));
            }
        }
        let required: Vec<Value> = props.keys().map(|k| json!(k)).collect();
        map.insert("required".into(), Value::Array(required));
        map.insert("additionalProperties".into(), Value::Bool(false));
    }
    map.values_mut().for_each(|v| strictify(v, pins));
}

/// The `response_format` for a schema, by the endpoint's ability (negotiated, or config
/// `[llm] structured`).
pub fn response_format(mode: Structured, name: &str, schema: &Value) -> Option<Value> {
    match mode {
        Structured::Auto | Structured::JsonSchema => Some(json!({
            "type": "json_schema",
            "json_schema": {"name": name, "strict": true, "schema": schema},
        })),
        Structured::JsonObjectSchema => Some(json!({"type": "json_object", "schema": schema})),
        Structured::JsonObject => Some(json!({"type": "json_object"})),
        Structured::None => None,
    }
}

/// A reply's JSON: the whole content, or the outermost `{...}` when a model wrapped it in prose
/// or a code fence (endpoints without schema support do that).
pub fn extract_json(content: &str) -> &str {
    let trimmed = content.trim();
    match (trimmed.find('{'), trimmed.rfind('}')) {
        (Some(start), Some(end)) if end > start => &trimmed[start..=end],
        _ => trimmed,
    }
}

pub fn object(pairs: Vec<(&str, Value)>) -> Value {
    Value::Object(
        pairs
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<Map<_, _>>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_are_strict_inlined_and_pinned() {
        let ids = vec!["CR2".to_string(), "IT1".to_string()];
        let schema = schema_for::<TailorReply>(&[("id", &ids)]);
        let text = schema.to_string();
        assert!(!text.contains("$ref") && !text.contains("$defs"), "{text}");
        assert_eq!(schema["additionalProperties"], json!(false));
        let item = &schema["properties"]["ranking"]["items"];
        assert_eq!(item["properties"]["id"]["enum"], json!(["CR2", "IT1"]));
        let mut required: Vec<String> = serde_json::from_value(item["required"].clone()).unwrap();
        required.sort();
        assert_eq!(required, ["fit", "id", "reason"]);
    }

    #[test]
    fn lists_a_small_model_could_run_on_are_bounded() {
        let critique = schema_for::<CritiqueReply>(&[]);
        assert_eq!(critique["properties"]["findings"]["maxItems"], json!(10));
        let followups = schema_for::<FollowupsReply>(&[]);
        assert_eq!(followups["properties"]["followups"]["maxItems"], json!(8));
    }

    #[test]
    fn enums_of_report_types_survive() {
        let schema = schema_for::<FollowupsReply>(&[]);
        let targets = &schema["properties"]["followups"]["items"]["properties"]["targets"];
        assert!(targets.to_string().contains("metrics"), "{targets}");
    }

    #[test]
    fn json_is_found_inside_fences_and_prose() {
        assert_eq!(extract_json("```json\n{\"a\": 1}\n```"), "{\"a\": 1}");
        assert_eq!(
            extract_json("Sure! {\"a\": {\"b\": 2}} hope it helps"),
            "{\"a\": {\"b\": 2}}"
        );
        assert_eq!(extract_json("nope"), "nope");
    }
}
