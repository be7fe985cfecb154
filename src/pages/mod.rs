//! One file per page.

mod article_page;

pub use article_page::{ArticlePage, ArticlePageProps};
