pub mod upload_panel;
pub mod viewer;
