//! The page's side of a sharded archive (core's `broadsheet_core::archive`
//! defines its files), fetched file by file as the reader needs them: the
//! manifest, the shard table (a large archive's manifest lists only its
//! first shards), the card shards fetched so far (a bounded cache), and
//! the one fetch helper for its files, which unzips and checks each file
//! against the hash in its name before anything reads it.

use broadsheet_core::archive::{
    check_hash, parse_bodies, parse_cards, parse_ids, ArchiveFileKind, BodyChunks, CardShard,
    Manifest, Shard,
};
use broadsheet_core::gunzip::unzip_if_gzip;
use broadsheet_core::search::PartitionedIndex;
use broadsheet_core::{ProvenanceTable, StoredArticle};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::Callback;

/// Card shards kept in memory at once (about 0.5 MB each), and their
/// bytes at most (a hostile archive's shards may each be up to the file
/// limit); scrolling far away and back fetches a dropped one again (from
/// the HTTP cache).
const KEPT_SHARDS: usize = 48;
const KEPT_CARD_BYTES: usize = 64 << 20;

/// One shard's cards (and its body chunks), or why they are not here.
#[derive(Clone)]
enum Slot {
    Loading,
    Ready(Rc<Cards>),
    Failed(Rc<str>),
}

struct Cards {
    cards: Vec<Rc<StoredArticle>>,
    bodies: BodyChunks,
    /// The shard file's unzipped size, for the cache's budget.
    bytes: usize,
}

/// What the list can show for a position.
#[derive(Clone, Debug, PartialEq)]
pub enum Card {
    Ready(Rc<StoredArticle>),
    Loading,
    /// The shard could not be used (the message names the file).
    Failed(Rc<str>),
}

/// The body chunk last read, kept by a caller reading many articles.
#[derive(Debug, Default)]
pub struct BodyChunk {
    hash: String,
    bodies: Vec<Vec<String>>,
}

pub struct RemoteArchive {
    /// The manifest's URL, against which its files resolve.
    url: String,
    /// The manifest as read: its `shards` may be only the first ones
    /// (`listing` has them all once the shard table is here).
    pub manifest: Manifest,
    listing: RefCell<Listing>,
    shards: RefCell<HashMap<usize, Slot>>,
    /// Ready shards, least recently fetched first, with their bytes.
    kept: RefCell<VecDeque<(usize, usize)>>,
    /// Its search index, as far as it is here (`use_archive_search`).
    pub search: ArchiveIndex,
}

/// An archive's search index once its root is here, with the parts fetched
/// so far, and the number of the query under way. Kept with the archive,
/// so a library made anew over it (its facets arrived after the first
/// cards) searches on with what is here.
#[derive(Default)]
pub struct ArchiveIndex {
    pub index: RefCell<Option<PartitionedIndex>>,
    pub generation: Cell<u64>,
}

/// The shards known so far (the manifest's, then the shard table's), with
/// each one's first position.
struct Listing {
    shards: Vec<Shard>,
    starts: Vec<u32>,
    /// Positions the listed shards cover.
    covered: u32,
    table: Table,
}

/// The shard table: whether it is still to be read.
#[derive(Clone)]
enum Table {
    /// Every shard is listed.
    Read,
    Unread,
    Loading,
    Failed(Rc<str>),
}

impl Listing {
    fn new(shards: Vec<Shard>, table: Table) -> Self {
        let mut starts = Vec::with_capacity(shards.len());
        let mut covered = 0u32;
        for shard in &shards {
            starts.push(covered);
            covered = covered.saturating_add(shard.count);
        }
        Listing {
            shards,
            starts,
            covered,
            table,
        }
    }
}

impl std::fmt::Debug for RemoteArchive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteArchive")
            .field("url", &self.url)
            .field("articles", &self.manifest.articles)
            .finish()
    }
}

impl RemoteArchive {
    /// The archive whose manifest was read from `url`.
    pub fn new(url: &str, manifest: Manifest) -> Self {
        let table = if manifest.shards_complete() {
            Table::Read
        } else {
            Table::Unread
        };
        RemoteArchive {
            url: url.to_owned(),
            listing: RefCell::new(Listing::new(manifest.shards.clone(), table)),
            manifest,
            shards: RefCell::default(),
            kept: RefCell::default(),
            search: ArchiveIndex::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.manifest.articles as usize
    }

    pub fn is_empty(&self) -> bool {
        self.manifest.articles == 0
    }

    /// The shard holding `position` and its first position, if the shards
    /// known so far reach it.
    fn shard_of(&self, position: u32) -> Option<(usize, u32)> {
        let listing = self.listing.borrow();
        if position >= listing.covered {
            return None;
        }
        let shard = listing
            .starts
            .partition_point(|&s| s <= position)
            .saturating_sub(1);
        Some((shard, listing.starts[shard]))
    }

    /// The shard table, fetched and read (once; again after a failure):
    /// every shard is then listed. Called after the first cards, and by
    /// whatever needs a shard past the manifest's.
    pub async fn read_shard_table(&self) -> Result<(), String> {
        let Some(table) = &self.manifest.shard_table else {
            return Ok(());
        };
        if matches!(self.listing.borrow().table, Table::Read) {
            return Ok(());
        }
        self.listing.borrow_mut().table = Table::Loading;
        let read = async {
            let bytes = self
                .fetch(ArchiveFileKind::Shards, &table.file.hash)
                .await?;
            let mut m = self.manifest.clone();
            m.read_shard_table(&ArchiveFileKind::Shards.path(&table.file.hash), &bytes)
                .map_err(|e| e.to_string())?;
            Ok::<_, String>(m.shards)
        };
        match read.await {
            Ok(shards) => {
                *self.listing.borrow_mut() = Listing::new(shards, Table::Read);
                Ok(())
            }
            Err(why) => {
                self.listing.borrow_mut().table = Table::Failed(why.as_str().into());
                Err(why)
            }
        }
    }

    /// The card at `position`, if its shard is here.
    pub fn card(&self, position: u32) -> Card {
        let Some((shard, start)) = self.shard_of(position) else {
            return match &self.listing.borrow().table {
                Table::Failed(why) => Card::Failed(why.clone()),
                Table::Read => Card::Failed("the archive has no shard for this position".into()),
                Table::Unread | Table::Loading => Card::Loading,
            };
        };
        match self.shards.borrow().get(&shard) {
            Some(Slot::Ready(cards)) => cards
                .cards
                .get(position.saturating_sub(start) as usize)
                .cloned()
                .map_or(Card::Loading, Card::Ready),
            Some(Slot::Failed(why)) => Card::Failed(why.clone()),
            Some(Slot::Loading) | None => Card::Loading,
        }
    }

    /// The card at `position` if it is here.
    pub fn loaded_card(&self, position: u32) -> Option<Rc<StoredArticle>> {
        match self.card(position) {
            Card::Ready(a) => Some(a),
            _ => None,
        }
    }

    /// Fetches the shards holding `positions` that are neither here nor on
    /// their way, and calls `done` as each arrives (or fails); positions
    /// past the manifest's shards first fetch the shard table (`done` is
    /// called when it is here, and the caller asks again).
    pub fn request(self: &Rc<Self>, positions: impl IntoIterator<Item = u32>, done: Callback<()>) {
        let mut wanted = Vec::new();
        let mut beyond = false;
        for position in positions {
            match self.shard_of(position) {
                Some((shard, _)) => wanted.push(shard),
                None => beyond |= position < self.manifest.articles,
            }
        }
        if beyond && matches!(self.listing.borrow().table, Table::Unread) {
            let (archive, done) = (self.clone(), done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let _ = archive.read_shard_table().await; // a failure shows on the rows
                done.emit(());
            });
        }
        broadsheet_core::sort::sort(&mut wanted);
        wanted.dedup();
        for shard in wanted {
            if self.shards.borrow().contains_key(&shard) {
                continue;
            }
            self.shards.borrow_mut().insert(shard, Slot::Loading);
            let (archive, done) = (self.clone(), done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let slot = match archive.load_cards(shard).await {
                    Ok(cards) => Slot::Ready(Rc::new(cards)),
                    Err(why) => Slot::Failed(why.into()),
                };
                archive.store(shard, slot);
                done.emit(());
            });
        }
    }

    /// Fetches shard `shard`'s cards now (the first shard, before the list
    /// shows).
    pub async fn preload(&self, shard: usize) -> Result<(), String> {
        match self.load_cards(shard).await {
            Ok(cards) => {
                self.store(shard, Slot::Ready(Rc::new(cards)));
                Ok(())
            }
            Err(why) => {
                self.store(shard, Slot::Failed(why.as_str().into()));
                Err(why)
            }
        }
    }

    fn store(&self, shard: usize, slot: Slot) {
        let mut shards = self.shards.borrow_mut();
        if let Slot::Ready(cards) = &slot {
            let mut kept = self.kept.borrow_mut();
            kept.push_back((shard, cards.bytes));
            let mut bytes: usize = kept.iter().map(|k| k.1).sum();
            while kept.len() > KEPT_SHARDS || (kept.len() > 1 && bytes > KEPT_CARD_BYTES) {
                if let Some((old, size)) = kept.pop_front() {
                    shards.remove(&old);
                    bytes -= size;
                }
            }
        }
        shards.insert(shard, slot);
    }

    async fn load_cards(&self, shard: usize) -> Result<Cards, String> {
        let s = self
            .listing
            .borrow()
            .shards
            .get(shard)
            .cloned()
            .ok_or_else(|| format!("the archive lists no shard {shard}"))?;
        let bytes = self.fetch(ArchiveFileKind::Cards, &s.cards.hash).await?;
        let path = ArchiveFileKind::Cards.path(&s.cards.hash);
        let CardShard { cards, bodies } =
            parse_cards(&path, &bytes, s.count).map_err(|e| e.to_string())?;
        Ok(Cards {
            // One provenance table per shard: it goes with the shard.
            cards: {
                let mut table = ProvenanceTable::default();
                cards
                    .into_iter()
                    .map(|card| Rc::new(StoredArticle::new(card, &mut table)))
                    .collect()
            },
            bodies,
            bytes: bytes.len(),
        })
    }

    /// The body chunk (hash, and place in it) of `position`, once its card
    /// shard is here.
    fn body_chunk(&self, position: u32) -> Option<(String, u32, u32)> {
        let (shard, start) = self.shard_of(position)?;
        match self.shards.borrow().get(&shard) {
            Some(Slot::Ready(cards)) => {
                let i = position.checked_sub(start)?;
                let place = cards.bodies.locate(i)?;
                Some((place.hash.to_owned(), place.at, place.count))
            }
            _ => None,
        }
    }

    /// The whole article with id `id`, and its position: its id bucket in
    /// each segment (newest first, fetched together), then its card and
    /// body shards. `Ok(None)` when no article has the id.
    pub async fn article(&self, id: &str) -> Result<Option<(u32, Rc<StoredArticle>)>, String> {
        let buckets = self.manifest.id_buckets(id);
        let fetched = futures::future::join_all(
            buckets
                .iter()
                .map(|(_, _, bucket)| self.fetch(ArchiveFileKind::Ids, &bucket.hash)),
        )
        .await;
        let mut found = None;
        for ((start, count, bucket), bytes) in buckets.iter().zip(fetched) {
            let path = ArchiveFileKind::Ids.path(&bucket.hash);
            // Positions within the segment, each below its count.
            let ids = parse_ids(&path, &bytes?, *count).map_err(|e| e.to_string())?;
            if let Some(&at) = ids.get(id) {
                found = Some(start + at);
                break;
            }
        }
        let Some(position) = found else {
            return Ok(None);
        };
        let article = self.article_at(position, &mut BodyChunk::default()).await?;
        Ok(Some((position, article)))
    }

    /// The whole article at `position`: its card (its shard fetched if it
    /// is not here, the shard table first if need be) and its body, from
    /// `chunk` when it holds it (an export reads positions in a row, which
    /// share chunks) or fetched into it.
    pub async fn article_at(
        &self,
        position: u32,
        chunk: &mut BodyChunk,
    ) -> Result<Rc<StoredArticle>, String> {
        if self.shard_of(position).is_none() {
            self.read_shard_table().await?;
        }
        let (shard, _) = self
            .shard_of(position)
            .ok_or_else(|| format!("the archive has no shard for position {position}"))?;
        let card = match self.loaded_card(position) {
            Some(card) => card,
            None => {
                self.preload(shard).await?;
                self.loaded_card(position).ok_or_else(|| {
                    format!("the archive's shard {shard} lacks position {position}")
                })?
            }
        };
        // The card shard is here now (it was just used), and names the
        // small chunk of bodies this article is in.
        let (hash, at, count) = self.body_chunk(position).ok_or_else(|| {
            format!("the archive's shard {shard} lists no body for position {position}")
        })?;
        let path = ArchiveFileKind::Bodies.path(&hash);
        if chunk.hash != hash {
            let bytes = self.fetch(ArchiveFileKind::Bodies, &hash).await?;
            chunk.bodies = parse_bodies(&path, &bytes, count).map_err(|e| e.to_string())?;
            chunk.hash = hash;
        }
        let body = chunk
            .bodies
            .get(at as usize)
            .cloned()
            .ok_or_else(|| format!("{path} lacks the body of position {position}"))?;
        Ok(Rc::new(card.with_body(body)))
    }

    /// A file of the archive, unzipped and checked against its hash. The
    /// error names the file and says what is wrong with it. Neither the
    /// download nor the unzipping goes past the file kind's limit.
    pub async fn fetch(&self, kind: ArchiveFileKind, hash: &str) -> Result<Vec<u8>, String> {
        let path = kind.path(hash);
        let url = web_sys::Url::new_with_base(&path, &self.absolute_url())
            .map(|u| u.href())
            .unwrap_or_else(|_| path.clone());
        let limit = self.manifest.file_limit(kind);
        let bytes = crate::fetch::fetch_bytes(&url, self.manifest.download_limit(kind) as u64)
            .await
            .map_err(|e| format!("Could not download {path}: {e}"))?;
        // Stored gzip-compressed; a server may have unzipped it already
        // (Content-Encoding: gzip), so look at the bytes, not the name.
        let bytes =
            unzip_if_gzip(bytes, limit).map_err(|why| format!("{path} is corrupt: {why}"))?;
        verify(&path, hash, &bytes).await?;
        Ok(bytes)
    }

    fn absolute_url(&self) -> String {
        let base = gloo::utils::window().location().href().unwrap_or_default();
        web_sys::Url::new_with_base(&self.url, &base)
            .map(|u| u.href())
            .unwrap_or_else(|_| self.url.clone())
    }
}

/// Checks `bytes` against the hash in their name: with the browser's
/// SHA-256 (`crypto.subtle`, native and several times faster than wasm)
/// where the page is a secure context, else with core's.
async fn verify(path: &str, hash: &str, bytes: &[u8]) -> Result<(), String> {
    let subtle = js_sys::Reflect::get(&js_sys::global(), &"crypto".into())
        .and_then(|c| js_sys::Reflect::get(&c, &"subtle".into()))
        .ok()
        .filter(|s| !s.is_undefined() && !s.is_null())
        .map(|s| s.unchecked_into::<web_sys::SubtleCrypto>());
    let digest = match subtle.map(|s| s.digest_with_str_and_u8_array("SHA-256", bytes)) {
        Some(Ok(promise)) => JsFuture::from(promise).await.ok(),
        _ => None,
    };
    let Some(digest) = digest else {
        return check_hash(path, hash, bytes).map_err(|e| e.to_string());
    };
    let digest = js_sys::Uint8Array::new(&digest).to_vec();
    let actual: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    if actual == hash {
        Ok(())
    } else {
        // Core words the message (and says the same of the same bytes).
        check_hash(path, hash, bytes).map_err(|e| e.to_string())
    }
}
