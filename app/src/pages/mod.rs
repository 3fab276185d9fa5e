pub mod accounts;
pub mod backup;
pub mod login;
pub mod people;
pub mod prints;
pub mod public;
pub mod sharing;
pub mod views;
