pub mod library;
pub mod login;
pub mod views;
