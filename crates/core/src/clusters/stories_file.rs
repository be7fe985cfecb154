//! A sharded archive's stories file: [`Stories`] over the archive's
//! positions as bytes, written by `broadsheet-ingest --shards` (and again
//! by `--append` and `--join`, whose positions move) and read by the page
//! after the first cards, so an archive's cards say which story they are a
//! copy in and the list can show one card per story, as a plain set's do.
//!
//! Layout: [`MAGIC`], then LEB128 numbers: the archive's article count,
//! the number of stories, then per story its member count (two or more),
//! which member is its first, its distinct outlets, and its members'
//! positions, ascending (the first as it is, then each one's distance from
//! the one before, less one). The reader checks every number against the
//! archive and the rest: a file that is not one of these is an error, never
//! a panic or a story that points past the archive.

use super::stories::{Stories, ALONE};

/// The file's first bytes, its version in the last.
pub const MAGIC: &[u8; 8] = b"BSTORY\x00\x01";

impl Stories {
    /// The stories as a stories file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        put(&mut out, self.story_of.len() as u32);
        put(&mut out, self.len() as u32);
        for s in 0..self.len() {
            let members = &self.members[self.starts[s] as usize..self.starts[s + 1] as usize];
            put(&mut out, members.len() as u32);
            let first = members
                .iter()
                .position(|&p| p == self.first[s])
                .unwrap_or(0);
            put(&mut out, first as u32);
            put(&mut out, self.outlets[s]);
            let mut before = None;
            for &p in members {
                put(&mut out, before.map_or(p, |b: u32| p - b - 1));
                before = Some(p);
            }
        }
        out
    }

    /// Reads a stories file for an archive of `articles` articles.
    pub fn from_bytes(bytes: &[u8], articles: usize) -> Result<Stories, String> {
        let mut r = Reader { bytes, at: 0 };
        if !bytes.starts_with(MAGIC) {
            return Err("it does not start as a stories file of this version".into());
        }
        r.at = MAGIC.len();
        let count = r.number("the article count")? as usize;
        if count != articles {
            return Err(format!(
                "it is for {count} articles, and the archive has {articles}"
            ));
        }
        let stories = r.number("the story count")? as usize;
        if stories > articles / 2 {
            return Err(format!(
                "it lists {stories} stories, more than {articles} articles can make (two each)"
            ));
        }
        let mut out = Stories {
            story_of: vec![ALONE; articles],
            starts: Vec::with_capacity(stories + 1),
            first: Vec::with_capacity(stories),
            outlets: Vec::with_capacity(stories),
            members: Vec::new(),
        };
        out.starts.push(0);
        for s in 0..stories {
            let n = r.number("a member count")? as usize;
            if n < 2 || n > articles {
                return Err(format!("story {s} has {n} members"));
            }
            let first = r.number("a first member")? as usize;
            let outlets = r.number("an outlet count")?;
            if first >= n || outlets as usize > n {
                return Err(format!(
                    "story {s} names member {first} first and {outlets} outlets of {n} members"
                ));
            }
            let mut before: Option<u32> = None;
            for _ in 0..n {
                let step = r.number("a position")?;
                let p = match before {
                    None => Some(step),
                    Some(b) => b.checked_add(step).and_then(|v| v.checked_add(1)),
                }
                .filter(|&p| (p as usize) < articles)
                .ok_or_else(|| {
                    format!("story {s} has a member past the archive's {articles} articles")
                })?;
                let slot = &mut out.story_of[p as usize];
                if *slot != ALONE {
                    return Err(format!("position {p} is in two stories"));
                }
                *slot = s as u32;
                out.members.push(p);
                before = Some(p);
            }
            let start = *out.starts.last().expect("starts has its 0") as usize;
            out.first.push(out.members[start + first]);
            out.outlets.push(outlets);
            out.starts.push(out.members.len() as u32);
        }
        if r.at != bytes.len() {
            return Err(format!(
                "{} bytes follow the last story",
                bytes.len() - r.at
            ));
        }
        Ok(out)
    }
}

impl Stories {
    /// The stories of an archive of `articles` made from parts of others
    /// (`--append`, `--join`): of each part `(stories, kept, at)`, the
    /// stories' members among the positions `kept`, moved to start at `at`.
    /// A story left with one member is none; one whose first article is
    /// not kept is led by its oldest kept member; its outlets are counted
    /// as before, at most one a member.
    pub fn rebased(parts: &[(&Stories, std::ops::Range<u32>, u32)], articles: usize) -> Stories {
        let mut out = Stories {
            story_of: vec![ALONE; articles],
            starts: vec![0],
            ..Stories::default()
        };
        for (stories, kept, at) in parts {
            for s in 0..stories.len() {
                let members =
                    &stories.members[stories.starts[s] as usize..stories.starts[s + 1] as usize];
                let moved: Vec<u32> = members
                    .iter()
                    .filter(|p| kept.contains(p))
                    .map(|p| p - kept.start + at)
                    .filter(|&p| (p as usize) < articles)
                    .collect();
                if moved.len() < 2 || moved.iter().any(|&p| out.story_of[p as usize] != ALONE) {
                    continue;
                }
                let first = stories.first[s];
                let first = if kept.contains(&first) {
                    first - kept.start + at
                } else {
                    *moved.last().expect("two or more")
                };
                let story = out.first.len() as u32;
                for &p in &moved {
                    out.story_of[p as usize] = story;
                }
                out.outlets.push(stories.outlets[s].min(moved.len() as u32));
                out.members.extend(moved);
                out.starts.push(out.members.len() as u32);
                out.first.push(first);
            }
        }
        out
    }
}

fn put(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    /// The next LEB128 number (at most five bytes, fitting in 32 bits).
    fn number(&mut self, what: &str) -> Result<u32, String> {
        let mut v = 0u32;
        for shift in (0..35).step_by(7) {
            let Some(&b) = self.bytes.get(self.at) else {
                return Err(format!(
                    "it stops where {what} should be (byte {})",
                    self.at
                ));
            };
            self.at += 1;
            if shift == 28 && b > 0x0F {
                return Err(format!("{what} at byte {} is too large", self.at - 1));
            }
            v |= u32::from(b & 0x7F) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(format!("{what} at byte {} is too long", self.at))
    }
}
