//! The tray's menu as a tray host sees it over D-Bus (`com.canonical.dbusmenu` on the
//! StatusNotifierItem's `/MenuBar`): read the layout, click an item.

use std::collections::HashMap;
use std::time::Duration;
use zbus::zvariant::{OwnedVariant, Variant};

/// One menu item: its dbusmenu id, its label, and the labels of its ancestors.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The dbusmenu id.
    pub id: i32,
    /// The label.
    pub label: String,
    /// The labels of its ancestors.
    pub parents: Vec<String>,
    /// For a checkmark item: whether it is checked (`toggle-state` 1).
    pub checked: bool,
}

fn plain<'b, 'a>(v: &'b Variant<'a>) -> &'b Variant<'a> {
    match v {
        Variant::Variant(inner) => plain(inner),
        other => other,
    }
}

fn collect(node: &Variant<'_>, parents: &[String], out: &mut Vec<Entry>) {
    let Variant::Structure(s) = plain(node) else {
        return;
    };
    let [
        Variant::I32(id),
        Variant::Dict(props),
        Variant::Array(children),
    ] = s.fields()
    else {
        return;
    };
    let label = props
        .iter()
        .find(|(k, _)| matches!(plain(k), Variant::Str(s) if s.as_str() == "label"))
        .and_then(|(_, v)| match plain(v) {
            Variant::Str(s) => Some(s.as_str().to_string()),
            _ => None,
        })
        .unwrap_or_default();
    let checked = props
        .iter()
        .find(|(k, _)| matches!(plain(k), Variant::Str(s) if s.as_str() == "toggle-state"))
        .is_some_and(|(_, v)| matches!(plain(v), Variant::I32(1)));
    out.push(Entry {
        id: *id,
        label: label.clone(),
        parents: parents.to_vec(),
        checked,
    });
    let mut below = parents.to_vec();
    below.push(label);
    for child in children.iter() {
        collect(child, &below, out);
    }
}

/// The bus name of the newest StatusNotifierItem (`…-<pid>-<n>`, the highest `n`: a tray an
/// earlier test of the same process started may still be on the bus), once it is there.
pub async fn tray_name(connection: &zbus::Connection) -> Option<String> {
    let proxy = zbus::fdo::DBusProxy::new(connection).await.ok()?;
    let names = proxy.list_names().await.ok()?;
    names
        .into_iter()
        .map(|n| n.to_string())
        .filter(|n| n.starts_with("org.kde.StatusNotifierItem-"))
        .max_by_key(|n| {
            n.rsplit('-')
                .next()
                .and_then(|last| last.parse::<u64>().ok())
                .unwrap_or(0)
        })
}

/// The menu's items, depth first.
pub async fn layout(connection: &zbus::Connection, name: &str) -> Vec<Entry> {
    let reply = connection
        .call_method(
            Some(name),
            "/MenuBar",
            Some("com.canonical.dbusmenu"),
            "GetLayout",
            &(0i32, -1i32, Vec::<String>::new()),
        )
        .await
        .expect("GetLayout answers");
    type Node = (i32, HashMap<String, OwnedVariant>, Vec<OwnedVariant>);
    let (_revision, (_, _, children)): (u32, Node) =
        reply.body().deserialize().expect("a dbusmenu layout");
    let mut entries = Vec::new();
    for child in &children {
        collect(child, &[], &mut entries);
    }
    entries
}

/// Polls the layout until `ready` holds (10 s at most).
pub async fn layout_when(
    connection: &zbus::Connection,
    ready: impl Fn(&[Entry]) -> bool,
) -> (String, Vec<Entry>) {
    let mut last = (String::new(), Vec::new());
    for _ in 0..100 {
        if let Some(name) = tray_name(connection).await {
            let entries = layout(connection, &name).await;
            if ready(&entries) {
                return (name, entries);
            }
            last = (name, entries);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    last
}

/// Sends dbusmenu's `clicked` event for item `id`, as a tray host does.
pub async fn click(connection: &zbus::Connection, name: &str, id: i32) {
    connection
        .call_method(
            Some(name),
            "/MenuBar",
            Some("com.canonical.dbusmenu"),
            "Event",
            &(id, "clicked", Variant::from(0i32), 0u32),
        )
        .await
        .expect("Event answers");
}

/// The first item with this label.
pub fn find<'a>(entries: &'a [Entry], label: &str) -> Option<&'a Entry> {
    entries.iter().find(|e| e.label == label)
}
