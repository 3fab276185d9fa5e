pub mod dialogs;
pub mod grid;
pub mod selection_bar;
pub mod shared_inbox;
pub mod storage;
pub mod upload_panel;
pub mod viewer;
