//! One component per file.

mod article_card;
mod article_list;
mod article_meta;
mod date_range;
mod export_results;
mod facet;
mod highlighted_text;
mod load_error_notice;
mod load_summary;
mod loading_notice;
mod open_files;
mod order_select;
mod result_count;
mod search_box;
mod story_copies;
mod theme_toggle;
mod timeline;
mod update_notice;

pub use article_card::{ArticleCard, ArticleCardProps, StoryLine};
pub use article_list::{ArticleList, ArticleListProps};
pub use article_meta::article_meta;
pub use date_range::{DateRange, DateRangeProps};
pub use export_results::{ExportResults, ExportResultsProps};
pub use facet::{Facet, FacetKind, FacetProps};
pub use highlighted_text::{HighlightedText, HighlightedTextProps};
pub use load_error_notice::{LoadErrorNotice, LoadErrorNoticeProps};
pub use load_summary::{LoadSummary, LoadSummaryProps};
pub use loading_notice::{ArrivingCount, LoadingNotice, LoadingNoticeProps};
pub use open_files::{OpenFiles, OpenFilesProps};
pub use order_select::{OrderSelect, OrderSelectProps};
pub use result_count::{ResultCount, ResultCountProps};
pub use search_box::{SearchBox, SearchBoxProps};
pub use story_copies::{StoryCopies, StoryCopiesProps};
pub use theme_toggle::{apply_theme, stored_theme, ThemeToggle};
pub use timeline::{histogram, Bin, Timeline, TimelineProps};
pub use update_notice::{update_message, UpdateNotice};
