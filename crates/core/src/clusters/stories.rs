//! Stories as the reader sees them: for each article (by its position in
//! a list), the story it is a copy in, that story's first article, its
//! members and how many outlets ran it; and a list collapsed to one
//! article per story.

use super::Clusters;
use crate::ArticleText;
use std::collections::HashMap;

pub(super) const ALONE: u32 = u32::MAX;

/// The stories of a list of articles (positions as the list numbers them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stories {
    /// Per position: its story's number, or `ALONE`.
    pub(super) story_of: Vec<u32>,
    /// Per story: where its members start in `members`; one more at the end.
    pub(super) starts: Vec<u32>,
    /// Each story's members in list order, story after story.
    pub(super) members: Vec<u32>,
    /// Per story: its first article's position.
    pub(super) first: Vec<u32>,
    /// Per story: distinct outlets (sources) among its members.
    pub(super) outlets: Vec<u32>,
}

/// One story, as a card or an article page shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Story<'a> {
    /// Its first article's position (the earliest; the one it is named by).
    pub first: u32,
    /// Every member's position, in list order.
    pub members: &'a [u32],
    /// Distinct outlets that ran it (articles without a source count as
    /// none).
    pub outlets: u32,
}

impl Stories {
    /// Stories from the `cluster` names articles carry (`named`: position
    /// and name, as a set written by `broadsheet-ingest` gives them). A
    /// story is named by its first article's id: that article is its first
    /// when it is in the list, else its earliest member. A name only one
    /// article carries is no story.
    pub fn from_names<A: ArticleText>(articles: &[A], named: &[(u32, Box<str>)]) -> Stories {
        let mut by_name: HashMap<&str, Vec<u32>> = HashMap::new();
        for (position, name) in named {
            if (*position as usize) < articles.len() {
                by_name.entry(name).or_default().push(*position);
            }
        }
        let mut groups: Vec<(&str, Vec<u32>)> = by_name.into_iter().collect();
        // Deterministic story numbers: by their first member's position.
        for (_, members) in &mut groups {
            members.sort_unstable();
            members.dedup();
        }
        groups.sort_unstable_by_key(|(_, m)| m[0]);
        let groups = groups.into_iter().map(|(name, members)| {
            let first = members
                .iter()
                .copied()
                .find(|&p| articles[p as usize].id() == name)
                .unwrap_or_else(|| earliest(articles, &members));
            (first, members)
        });
        Stories::of_groups(articles, groups)
    }

    /// The stories the `cluster` names of `articles` make, over their
    /// positions (a set or archive written by `broadsheet-ingest`, whole).
    pub fn named_in(articles: &[crate::Article]) -> Stories {
        let named: Vec<(u32, Box<str>)> = articles
            .iter()
            .enumerate()
            .filter_map(|(p, a)| Some((p as u32, a.cluster.as_deref()?.into())))
            .collect();
        Stories::from_names(articles, &named)
    }

    /// Stories from clusters found over the same list (see
    /// [`Clusters::of`]).
    pub fn from_clusters<A: ArticleText>(articles: &[A], clusters: &Clusters) -> Stories {
        let mut by_first: HashMap<u32, Vec<u32>> = HashMap::new();
        for p in 0..clusters.len().min(articles.len()) {
            if let Some(first) = clusters.first(p) {
                by_first.entry(first as u32).or_default().push(p as u32);
            }
        }
        let mut groups: Vec<(u32, Vec<u32>)> = by_first.into_iter().collect();
        groups.sort_unstable_by_key(|(_, m)| m[0]);
        Stories::of_groups(articles, groups.into_iter().filter(|(_, m)| m.len() > 1))
    }

    fn of_groups<A: ArticleText>(
        articles: &[A],
        groups: impl Iterator<Item = (u32, Vec<u32>)>,
    ) -> Stories {
        let mut stories = Stories {
            story_of: vec![ALONE; articles.len()],
            starts: vec![0],
            ..Stories::default()
        };
        for (first, members) in groups {
            if members.len() < 2 {
                continue;
            }
            let story = stories.first.len() as u32;
            let mut outlets: Vec<&str> = members
                .iter()
                .map(|&p| articles[p as usize].source())
                .filter(|s| !s.is_empty())
                .collect();
            outlets.sort_unstable();
            outlets.dedup();
            for &p in &members {
                stories.story_of[p as usize] = story;
            }
            stories.members.extend(&members);
            stories.starts.push(stories.members.len() as u32);
            stories.first.push(first);
            stories.outlets.push(outlets.len() as u32);
        }
        stories
    }

    /// The story `position` is a copy in, if any.
    pub fn story(&self, position: u32) -> Option<Story<'_>> {
        let s = *self.story_of.get(position as usize)?;
        (s != ALONE).then(|| {
            let s = s as usize;
            Story {
                first: self.first[s],
                members: &self.members[self.starts[s] as usize..self.starts[s + 1] as usize],
                outlets: self.outlets[s],
            }
        })
    }

    /// How many articles the stories are over (positions `0..`).
    pub fn len_articles(&self) -> u32 {
        self.story_of.len() as u32
    }

    /// Stories of two or more articles.
    pub fn len(&self) -> usize {
        self.first.len()
    }

    pub fn is_empty(&self) -> bool {
        self.first.is_empty()
    }

    /// `list` (positions, in display order) with each story's articles
    /// after the first it shows removed, keeping the story's first article
    /// where it is listed, else its listed member that is earliest in the
    /// list's order of positions (the oldest, for a newest-first list).
    pub fn collapse(&self, list: &[u32]) -> Vec<u32> {
        if self.is_empty() {
            return list.to_vec();
        }
        // The member each story keeps among those listed.
        let mut kept = vec![ALONE; self.len()];
        for &p in list {
            let Some(&s) = self.story_of.get(p as usize).filter(|&&s| s != ALONE) else {
                continue;
            };
            let k = &mut kept[s as usize];
            let first = self.first[s as usize];
            if *k != first && (p == first || *k == ALONE || p > *k) {
                *k = p;
            }
        }
        list.iter()
            .copied()
            .filter(|&p| match self.story_of.get(p as usize) {
                Some(&s) if s != ALONE => kept[s as usize] == p,
                _ => true,
            })
            .collect()
    }
}

/// The earliest of `members` (oldest, then the smallest id).
fn earliest<A: ArticleText>(articles: &[A], members: &[u32]) -> u32 {
    members
        .iter()
        .copied()
        .min_by(|&a, &b| {
            let (a, b) = (&articles[a as usize], &articles[b as usize]);
            (a.published(), a.id()).cmp(&(b.published(), b.id()))
        })
        .expect("a story has members")
}
