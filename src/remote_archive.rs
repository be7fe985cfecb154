//! The page's side of a sharded archive (core's `broadsheet_core::archive`
//! defines its files), fetched file by file as the reader needs them: the
//! manifest, the card shards fetched so far (a bounded cache), and the
//! one fetch helper for its files, which unzips and checks each file
//! against the hash in its name before anything reads it.

use broadsheet_core::archive::{
    check_hash, parse_bodies, parse_cards, parse_ids, ArchiveFileKind, BodyChunks, CardShard,
    Manifest,
};
use broadsheet_core::gunzip::unzip_if_gzip;
use broadsheet_core::{ProvenanceTable, StoredArticle};
use std::cell::RefCell;
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

pub struct RemoteArchive {
    /// The manifest's URL, against which its files resolve.
    url: String,
    pub manifest: Manifest,
    starts: Vec<u32>,
    shards: RefCell<HashMap<usize, Slot>>,
    /// Ready shards, least recently fetched first, with their bytes.
    kept: RefCell<VecDeque<(usize, usize)>>,
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
        RemoteArchive {
            url: url.to_owned(),
            starts: manifest.shard_starts(),
            manifest,
            shards: RefCell::default(),
            kept: RefCell::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.manifest.articles as usize
    }

    pub fn is_empty(&self) -> bool {
        self.manifest.articles == 0
    }

    /// The shard holding `position`.
    pub fn shard_of(&self, position: u32) -> usize {
        self.starts
            .partition_point(|&s| s <= position)
            .saturating_sub(1)
    }

    /// The card at `position`, if its shard is here.
    pub fn card(&self, position: u32) -> Card {
        let shard = self.shard_of(position);
        let Some(&start) = self.starts.get(shard) else {
            return Card::Failed("the archive has no shard for this position".into());
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
    /// their way, and calls `done` as each arrives (or fails).
    pub fn request(self: &Rc<Self>, positions: impl IntoIterator<Item = u32>, done: Callback<()>) {
        let mut wanted: Vec<usize> = positions.into_iter().map(|p| self.shard_of(p)).collect();
        broadsheet_core::sort::sort(&mut wanted);
        wanted.dedup();
        for shard in wanted {
            if self.shards.borrow().contains_key(&shard) || shard >= self.manifest.shards.len() {
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
            .manifest
            .shards
            .get(shard)
            .ok_or_else(|| format!("the archive's manifest lists no shard {shard}"))?;
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
        let shard = self.shard_of(position);
        let start = *self.starts.get(shard)?;
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
        let shard = self.shard_of(position);
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
        let bytes = self.fetch(ArchiveFileKind::Bodies, &hash).await?;
        let path = ArchiveFileKind::Bodies.path(&hash);
        let mut bodies = parse_bodies(&path, &bytes, count).map_err(|e| e.to_string())?;
        let body = bodies
            .get_mut(at as usize)
            .map(std::mem::take)
            .ok_or_else(|| format!("{path} lacks the body of position {position}"))?;
        Ok(Some((position, Rc::new(card.with_body(body)))))
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
