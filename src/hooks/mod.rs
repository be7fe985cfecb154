//! Custom hooks.

mod use_archive_article;
mod use_archive_search;
mod use_article_set;
mod use_deferred;
mod use_file_drop;
mod use_in_reader_links;
mod use_keyboard;
mod use_offline;
mod use_reader_events;
mod use_results;
mod use_scroll_memory;
mod use_search_index;
mod use_shortcuts;
mod use_stories;
mod use_url_sync;
mod use_visible_rows;

pub use use_archive_article::{use_archive_article, ArchiveArticle};
pub use use_archive_search::{use_archive_search, ArchiveResults};
pub use use_article_set::{
    use_article_set, ArticleSet, LoadFailure, LoadState, OpenRequest, SetSource,
};
pub use use_deferred::{painted, use_deferred};
pub use use_file_drop::use_file_drop;
pub use use_in_reader_links::use_in_reader_links;
pub use use_keyboard::{is_on_link, is_typing, use_keyboard};
pub use use_offline::{use_offline, NewVersion, Offline, OfflineStatus};
pub use use_reader_events::use_reader_events;
pub use use_results::{use_results, Results, SearchStatus, Series};
pub use use_scroll_memory::use_scroll_memory;
pub use use_search_index::{use_search_index, IndexState};
pub use use_shortcuts::{use_shortcuts, Shortcuts};
pub use use_stories::use_stories;
pub use use_url_sync::use_url_sync;
pub use use_visible_rows::use_visible_rows;
