//! `flinkmem tune`: interactive what-if sizing in the terminal. [`app`] holds the state and
//! recomputes it through the calculator and the network model after every key, [`draw`]
//! paints it with ratatui, [`inputs`] says which options move and how, and [`output`] turns
//! the changes into `-D` lines, YAML or a new file. The terminal loop (`cli::tune`) only
//! reads keys, calls these and draws.

pub mod app;
pub mod draw;
pub mod inputs;
pub mod output;
#[cfg(test)]
mod tests;

pub use app::App;
pub use app::edit::Edit;
pub use app::keys::Key;
