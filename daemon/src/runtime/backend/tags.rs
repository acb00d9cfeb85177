//! `items.tag`, `items.note`, `tags.import` and `tags.export`: the player's marks, written to
//! the store in one transaction each and pushed to every client as `updated` changes.

#![allow(clippy::result_large_err)]

use super::DaemonBackend;
use crate::events::DaemonEvent;
use crate::server::backend::BackendError;
use crate::server::convert;
use crate::server::convert::errors::{internal, item_not_found};
use crate::store::error::StoreError;
use crate::store::model::{Annotation, ItemId, RevisedChange};
use vault_raider_protocol::tags::{
    AnnotateResult, DimBackup, DimItemAnnotation, ImportTagsResult, MAX_NOTE_CHARS, NoteParams,
    TagParams,
};

/// What to change of an item's marks.
enum Mark {
    Tag(Option<crate::store::model::Tag>),
    Note(Option<String>),
}

/// `items.tag`.
pub async fn items_tag(
    backend: &DaemonBackend,
    params: TagParams,
) -> Result<AnnotateResult, BackendError> {
    annotate(
        backend,
        &params.id,
        Mark::Tag(params.tag.map(convert::model_tag)),
    )
}

/// `items.note`: a note over [`MAX_NOTE_CHARS`] characters is refused, an empty one clears.
pub async fn items_note(
    backend: &DaemonBackend,
    params: NoteParams,
) -> Result<AnnotateResult, BackendError> {
    let note = params.note.map(|n| n.trim().to_string());
    if let Some(text) = &note
        && text.chars().count() > MAX_NOTE_CHARS
    {
        return Err(BackendError::invalid_params(
            "note",
            format!("A note holds at most {MAX_NOTE_CHARS} characters."),
        ));
    }
    annotate(
        backend,
        &params.id,
        Mark::Note(note.filter(|n| !n.is_empty())),
    )
}

fn annotate(backend: &DaemonBackend, id: &str, mark: Mark) -> Result<AnnotateResult, BackendError> {
    let id = ItemId(id.to_string());
    if id.instance_id().is_none() {
        return Err(BackendError::invalid_params(
            "id",
            "Only an item with its own instance (a weapon, armour…) can be tagged; a stack has no lasting id.",
        ));
    }
    let not_found = || item_not_found(id.as_str());
    let mut annotation = backend.store.annotation(&id).map_err(internal)?;
    match mark {
        Mark::Tag(tag) => annotation.tag = tag,
        Mark::Note(note) => annotation.note = note,
    }
    let revised = match backend.store.annotate(&id, annotation.clone()) {
        Ok(revised) => revised,
        Err(StoreError::UnknownItem(_)) => return Err(not_found()),
        Err(e) => return Err(internal(e)),
    };
    let rev = match revised {
        Some(change) => publish(backend, vec![change]),
        None => backend.store.rev().map_err(internal)?,
    };
    let item = backend
        .store
        .item(&id)
        .map_err(internal)?
        .ok_or_else(not_found)?;
    Ok(AnnotateResult {
        rev,
        item: convert::annotated_item(&item, Some(&annotation)),
    })
}

/// `tags.import`: a DIM backup's tags and notes for the items this account holds, in one
/// transaction. An entry's marks replace the item's; a note over the limit is cut.
pub async fn tags_import(
    backend: &DaemonBackend,
    backup: DimBackup,
) -> Result<ImportTagsResult, BackendError> {
    let mut truncated = 0;
    let mut marks = Vec::with_capacity(backup.tags.len());
    for entry in backup.tags {
        let note = entry
            .notes
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .map(|n| {
                if n.chars().count() > MAX_NOTE_CHARS {
                    truncated += 1;
                    n.chars().take(MAX_NOTE_CHARS).collect()
                } else {
                    n
                }
            });
        marks.push((
            ItemId(entry.item_id),
            Annotation {
                tag: entry.tag.map(convert::model_tag),
                note,
            },
        ));
    }
    let inventory = backend.store.inventory().map_err(internal)?;
    let held: std::collections::HashSet<&ItemId> = inventory.items.iter().map(|i| &i.id).collect();
    let (known, unknown): (Vec<_>, Vec<_>) =
        marks.into_iter().partition(|(id, _)| held.contains(id));
    let imported = u32::try_from(known.len()).unwrap_or(u32::MAX);
    let changes = backend.store.annotate_many(known).map_err(internal)?;
    let rev = if changes.is_empty() {
        backend.store.rev().map_err(internal)?
    } else {
        publish(backend, changes)
    };
    Ok(ImportTagsResult {
        rev,
        imported,
        unknown: u32::try_from(unknown.len()).unwrap_or(u32::MAX),
        truncated,
    })
}

/// `tags.export`: every mark, as a DIM backup's `tags`.
pub async fn tags_export(backend: &DaemonBackend) -> Result<DimBackup, BackendError> {
    let tags = backend
        .store
        .annotations()
        .map_err(internal)?
        .into_iter()
        .map(|(id, a)| DimItemAnnotation {
            item_id: id.0,
            tag: a.tag.map(convert::item_tag),
            notes: a.note,
        })
        .collect();
    Ok(DimBackup { tags })
}

/// Pushes logged changes to every client; the last revision.
fn publish(backend: &DaemonBackend, changes: Vec<RevisedChange>) -> u64 {
    let rev = changes.last().map_or(0, |c| c.rev);
    backend.bus.publish(DaemonEvent::Inventory { rev, changes });
    rev
}
