pub mod library;
pub mod login;
