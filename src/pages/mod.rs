//! One file per page; `app.rs` picks one by the route.

mod article_page;
mod list_page;

pub use article_page::{ArticlePage, ArticlePageProps, ArticleRoute, ArticleRouteProps};
pub use list_page::{ListPage, ListPageProps};
