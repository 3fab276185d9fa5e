//! The one place that answers "may this principal do this to this resource?".
//!
//! Handlers look a resource up, then ask [`authorize`] before touching it; no handler decides on its
//! own. Things a caller may not read are reported as `NotFound`, so ids do not reveal what exists.

use crate::{
    db::{AlbumRecord, AssetRecord, UploadRecord},
    error::{AppError, AppResult},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Principal {
    Anonymous,
    User { id: u64, is_admin: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Read,
    Write,
}

pub enum Resource<'a> {
    Asset(&'a AssetRecord),
    Upload(&'a UploadRecord),
    Album(&'a AlbumRecord),
    /// The caller's own library: listing it, adding to it.
    OwnLibrary,
    /// Instance-wide settings such as open sign-up.
    ServerSettings,
    /// Accounts other than the caller's.
    Accounts,
}

pub fn authorize(principal: Principal, action: Action, resource: Resource<'_>) -> AppResult<()> {
    let Principal::User { id, is_admin } = principal else {
        return match (action, resource) {
            (Action::Read, Resource::ServerSettings) => Ok(()),
            _ => Err(AppError::Unauthorized),
        };
    };
    let allowed = match resource {
        Resource::Asset(asset) => asset.owner == id,
        Resource::Upload(upload) => upload.owner == id,
        Resource::Album(album) => album.owner == id,
        Resource::OwnLibrary => true,
        Resource::ServerSettings => action == Action::Read || is_admin,
        Resource::Accounts => is_admin,
    };
    match (allowed, resource) {
        (true, _) => Ok(()),
        (false, Resource::ServerSettings | Resource::Accounts) => {
            Err(AppError::Forbidden("only the admin may do that"))
        }
        (false, _) => Err(AppError::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keepsake_api::{AssetKind, MediaMetadata};

    fn asset(owner: u64) -> AssetRecord {
        AssetRecord {
            id: "a".into(),
            owner,
            filename: "f.jpg".into(),
            mime: "image/jpeg".into(),
            bytes: 1,
            sha256: "0".repeat(64),
            kind: AssetKind::Photo,
            metadata: MediaMetadata::default(),
            folder: None,
            thumbnail: None,
            preview: None,
            placeholder: None,
            uploaded_at: 0,
            sort_key: 0,
            trashed_at: None,
            favorite: false,
            archived: false,
            tags: Vec::new(),
            place: None,
            date_edited: false,
            original_taken_at: None,
        }
    }

    #[test]
    fn only_the_owner_touches_an_asset() {
        let ann = Principal::User { id: 1, is_admin: true };
        let bob = Principal::User { id: 2, is_admin: false };
        let a = asset(1);
        for action in [Action::Read, Action::Write] {
            assert!(authorize(ann, action, Resource::Asset(&a)).is_ok());
            // Not even the admin reads someone else's photos.
            assert!(matches!(authorize(bob, action, Resource::Asset(&asset(3))), Err(AppError::NotFound)));
            assert!(matches!(
                authorize(Principal::Anonymous, action, Resource::Asset(&a)),
                Err(AppError::Unauthorized)
            ));
        }
        assert!(matches!(
            authorize(bob, Action::Write, Resource::ServerSettings),
            Err(AppError::Forbidden(_))
        ));
        assert!(authorize(ann, Action::Write, Resource::ServerSettings).is_ok());
        assert!(authorize(Principal::Anonymous, Action::Read, Resource::ServerSettings).is_ok());
    }
}
