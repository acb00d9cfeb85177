//! The player's tags and notes, by item id: their own data, in their own table, never touched
//! by a sync. Each change is one transaction that writes the mark and logs an
//! [`Change::Annotated`] revision.

use super::Store;
use super::changelog::log_changes;
use super::codec::{decode, encode};
use super::error::StoreError;
use super::model::{Annotation, Annotations, Change, ItemId, RevisedChange};
use super::schema::{ANNOTATIONS, ITEMS};
use redb::{ReadTransaction, ReadableTable, WriteTransaction};

impl Store {
    /// Sets `id`'s marks (an empty annotation removes them) and logs the change, in one
    /// transaction. Fails with [`StoreError::UnknownItem`] when the store holds no such item;
    /// writes nothing and logs nothing when the marks are already these.
    pub fn annotate(
        &self,
        id: &ItemId,
        annotation: Annotation,
    ) -> Result<Option<RevisedChange>, StoreError> {
        let txn = self.write()?;
        if txn.open_table(ITEMS)?.get(id.as_str())?.is_none() {
            return Err(StoreError::UnknownItem(id.clone()));
        }
        let changed = write_annotation(&txn, id, &annotation)?;
        if !changed {
            return Ok(None);
        }
        let mut revised = log_changes(
            &txn,
            vec![Change::Annotated {
                id: id.clone(),
                annotation,
            }],
        )?;
        txn.commit()?;
        self.journal_user_data();
        Ok(revised.pop())
    }

    /// Sets the marks of many items at once (an import), in one transaction: items the store
    /// does not hold are skipped. Returns the changes logged (one per item whose marks changed).
    pub fn annotate_many(
        &self,
        marks: Vec<(ItemId, Annotation)>,
    ) -> Result<Vec<RevisedChange>, StoreError> {
        let txn = self.write()?;
        let mut changes = Vec::new();
        {
            let items = txn.open_table(ITEMS)?;
            for (id, annotation) in marks {
                if items.get(id.as_str())?.is_some() && write_annotation(&txn, &id, &annotation)? {
                    changes.push(Change::Annotated { id, annotation });
                }
            }
        }
        let revised = log_changes(&txn, changes)?;
        txn.commit()?;
        if !revised.is_empty() {
            self.journal_user_data();
        }
        Ok(revised)
    }

    /// One item's marks (empty when it has none).
    pub fn annotation(&self, id: &ItemId) -> Result<Annotation, StoreError> {
        let txn = self.read()?;
        let table = txn.open_table(ANNOTATIONS)?;
        let found = table.get(id.as_str())?;
        Ok(found
            .map(|v| decode("annotations", v.value()))
            .transpose()?
            .unwrap_or_default())
    }

    /// Every item's marks.
    pub fn annotations(&self) -> Result<Annotations, StoreError> {
        read_annotations(&self.read()?)
    }
}

/// Every item's marks, read in `txn`.
pub(crate) fn read_annotations(txn: &ReadTransaction) -> Result<Annotations, StoreError> {
    let mut found = Annotations::new();
    for entry in txn.open_table(ANNOTATIONS)?.iter()? {
        let (key, value) = entry?;
        found.insert(
            ItemId(key.value().to_string()),
            decode("annotations", value.value())?,
        );
    }
    Ok(found)
}

/// Writes (or, when empty, removes) one item's marks; `false` when they were already these.
fn write_annotation(
    txn: &WriteTransaction,
    id: &ItemId,
    annotation: &Annotation,
) -> Result<bool, StoreError> {
    let mut table = txn.open_table(ANNOTATIONS)?;
    let before: Annotation = match table.get(id.as_str())? {
        Some(v) => decode("annotations", v.value())?,
        None => Annotation::default(),
    };
    if before == *annotation {
        return Ok(false);
    }
    if annotation.is_empty() {
        table.remove(id.as_str())?;
    } else {
        table.insert(id.as_str(), encode("annotations", annotation)?.as_slice())?;
    }
    Ok(true)
}
