//! The one place that answers "may this principal do this to this resource?".
//!
//! Handlers look a resource up, then ask [`authorize`] before touching it; no handler decides on its
//! own. Things a caller may not read are reported as `NotFound`, so ids do not reveal what exists.

use crate::{
    db::{
        AlbumRecord, AssetRecord, InviteRecord, LinkRecord, LinkTargetRecord, OrderRecord, PersonRecord,
        Store, UploadRecord, VaultRecord,
    },
    error::{AppError, AppResult},
};
use keepsake_api::{AlbumRole, AssetKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Principal {
    Anonymous,
    User { id: u64, is_admin: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Read,
    /// Change or delete; for an album's or vault's member, take away.
    Write,
    /// Add one's own photos (to an album as contributor, to the vault as member).
    Contribute,
}

pub enum Resource<'a> {
    /// An asset as its owner reaches it.
    Asset(&'a AssetRecord),
    /// An asset reached through an album it is listed in.
    AlbumAsset {
        album: &'a AlbumRecord,
        asset: &'a AssetRecord,
    },
    /// An asset reached through a vault; `in_vault` says whether it was added to this one.
    VaultAsset {
        vault: &'a VaultRecord,
        asset: &'a AssetRecord,
        in_vault: bool,
    },
    Upload(&'a UploadRecord),
    Album(&'a AlbumRecord),
    /// Someone's access to an album: the owner manages it, a member may give up their own.
    AlbumMember {
        album: &'a AlbumRecord,
        user: u64,
    },
    Vault(&'a VaultRecord),
    /// Someone's place in a vault: the owner removes members, a member may leave.
    VaultMember {
        vault: &'a VaultRecord,
        user: u64,
    },
    /// A share link, as its owner manages it.
    Link(&'a LinkRecord),
    /// A person found in a library's photos: the library's owner names, hides and merges them.
    Person(&'a PersonRecord),
    /// Naming the people on a photo: its owner, and for a photo in the family vault the vault's owner
    /// too (whoever's library the person is in).
    FaceNames {
        asset: &'a AssetRecord,
        vault: Option<&'a VaultRecord>,
        in_vault: bool,
    },
    /// The caller's own library: listing it, adding to it.
    OwnLibrary,
    /// A print order: its owner reads and cancels it, the print lab (the admin) reads it.
    Order(&'a OrderRecord),
    /// Running the print lab: every order, its package and status, the price list.
    PrintLab,
    /// Instance-wide settings such as open sign-up.
    ServerSettings,
    /// Accounts other than the caller's.
    Accounts,
}

fn album_role(album: &AlbumRecord, user: u64) -> Option<Option<AlbumRole>> {
    if album.owner == user { Some(None) } else { album.role_of(user).map(Some) }
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
        Resource::AlbumAsset { album, asset } => {
            // A trashed photo stays listed (a restore brings it back in place) but is not shown;
            // taking it out of the album is still the owner's to do.
            let listed = album.assets.contains(&asset.id);
            let role = album_role(album, id);
            listed
                && match action {
                    Action::Read => role.is_some() && asset.trashed_at.is_none(),
                    // Taking a photo out: the album's owner, or a contributor their own.
                    Action::Write => {
                        role == Some(None)
                            || (asset.owner == id && role == Some(Some(AlbumRole::Contributor)))
                    }
                    Action::Contribute => false,
                }
        }
        Resource::VaultAsset { vault, asset, in_vault } => {
            action == Action::Read && in_vault && asset.trashed_at.is_none() && vault.member(id).is_some()
        }
        Resource::Upload(upload) => upload.owner == id,
        Resource::Album(album) => matches!(
            (action, album_role(album, id)),
            (_, Some(None))
                | (Action::Read, Some(Some(_)))
                | (Action::Contribute, Some(Some(AlbumRole::Contributor)))
        ),
        Resource::AlbumMember { album, user } => {
            action == Action::Write
                && user != album.owner
                && (album.owner == id || (user == id && album.role_of(id).is_some()))
        }
        Resource::Vault(vault) => match action {
            Action::Read | Action::Contribute => vault.member(id).is_some(),
            Action::Write => vault.owner == id,
        },
        Resource::VaultMember { vault, user } => {
            action == Action::Write
                && user != vault.owner
                && vault.member(user).is_some()
                && (vault.owner == id || user == id)
        }
        Resource::Link(link) => link.owner == id,
        Resource::Person(person) => person.owner == id,
        Resource::FaceNames { asset, vault, in_vault } => {
            action == Action::Write
                && asset.trashed_at.is_none()
                && (asset.owner == id || (in_vault && vault.is_some_and(|v| v.owner == id)))
        }
        Resource::Order(order) => match action {
            Action::Read => order.owner == id || is_admin,
            Action::Write => order.owner == id,
            Action::Contribute => false,
        },
        Resource::PrintLab => is_admin,
        Resource::OwnLibrary => true,
        Resource::ServerSettings => action == Action::Read || is_admin,
        Resource::Accounts => is_admin,
    };
    if allowed {
        return Ok(());
    }
    Err(match resource {
        Resource::ServerSettings | Resource::Accounts | Resource::PrintLab => {
            AppError::Forbidden("only the admin may do that")
        }
        Resource::Order(_) if is_admin => AppError::Forbidden("only the person who ordered may do that"),
        // They can see it, but not do this to it.
        Resource::Album(album) if album_role(album, id).is_some() => {
            AppError::Forbidden("only the album's owner may do that")
        }
        Resource::AlbumAsset { album, .. } if album_role(album, id).is_some() => {
            AppError::Forbidden("only the album's owner may do that")
        }
        Resource::Vault(vault) | Resource::VaultMember { vault, .. } if vault.member(id).is_some() => {
            AppError::Forbidden("only the vault's owner may do that")
        }
        Resource::AlbumMember { album, .. } if album_role(album, id).is_some() => {
            AppError::Forbidden("only the album's owner may do that")
        }
        // Asked only of photos the caller has been shown.
        Resource::FaceNames { .. } => {
            AppError::Forbidden("only the photo's owner or the vault's owner may name who is on it")
        }
        _ => AppError::NotFound,
    })
}

/// Someone holding a share link: what they gave and when.
pub struct Visit<'a> {
    pub link: &'a LinkRecord,
    /// They gave the link's current password (or it has none).
    pub unlocked: bool,
    pub now: i64,
}

pub enum Visiting<'a> {
    /// Whether the link works at all, and whether it needs a password (nothing else is told).
    Share,
    /// What it shows: titles, the list of photos.
    Contents,
    /// A photo's thumbnail or preview, or with `original`, its file.
    File { asset: &'a AssetRecord, album: Option<&'a AlbumRecord>, original: bool },
    /// Everything as a ZIP.
    Download,
}

/// The rules for share links, checked on every request a link's page makes: an expired, revoked or
/// locked link stops every one of them at once.
pub fn authorize_visit(visit: &Visit<'_>, what: Visiting<'_>) -> AppResult<()> {
    let link = visit.link;
    if link.expired(visit.now) {
        return Err(AppError::Gone("this link is no longer valid"));
    }
    if matches!(what, Visiting::Share) {
        return Ok(());
    }
    if link.password_hash.is_some() && !visit.unlocked {
        return Err(AppError::PasswordRequired);
    }
    match what {
        Visiting::Share | Visiting::Contents => Ok(()),
        Visiting::Download if link.allow_download => Ok(()),
        Visiting::Download => Err(AppError::Forbidden("the owner has not allowed downloads")),
        Visiting::File { asset, album, original } => {
            let shown = asset.trashed_at.is_none()
                && match (&link.target, album) {
                    (LinkTargetRecord::Photo(id), _) => *id == asset.id,
                    (LinkTargetRecord::Album(id), Some(album)) => {
                        album.id == *id && album.assets.contains(&asset.id)
                    }
                    (LinkTargetRecord::Album(_), None) => false,
                };
            if !shown {
                return Err(AppError::NotFound);
            }
            // A video plays from its original, so showing it needs it; a photo shows from its preview,
            // and its original (like the ZIP) waits for the owner's yes to downloads.
            if original && !link.allow_download && asset.kind != AssetKind::Video {
                return Err(AppError::Forbidden("the owner has not allowed downloads"));
            }
            Ok(())
        }
    }
}

/// Anyone holding a vault invitation may see what it is to and use it, until it expires or is used up.
pub fn authorize_invite(invite: &InviteRecord, now: i64) -> AppResult<()> {
    if invite.expires_at > now && invite.uses < invite.max_uses {
        Ok(())
    } else {
        Err(AppError::Gone("this invitation is no longer valid"))
    }
}

/// How a signed-in caller reached an asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Own,
    Shared,
}

/// Loads an asset and finds a way for `principal` to `action` it: as its owner, through an album it
/// is in, or through the vault. Runs on the blocking pool (it reads the store).
pub fn reach_asset(
    store: &Store,
    principal: Principal,
    id: &str,
    action: Action,
) -> AppResult<(AssetRecord, Reach)> {
    let asset = store.asset(id)?.ok_or(AppError::NotFound)?;
    let own = authorize(principal, action, Resource::Asset(&asset));
    if own.is_ok() {
        return Ok((asset, Reach::Own));
    }
    if action != Action::Read || principal == Principal::Anonymous {
        return Err(own.unwrap_err());
    }
    for album in store.albums_holding(id)? {
        if authorize(principal, action, Resource::AlbumAsset { album: &album, asset: &asset }).is_ok() {
            return Ok((asset, Reach::Shared));
        }
    }
    if let (Some(in_vault), Principal::User { id: user, .. }) = (store.vault_of_asset(id)?, principal)
        && let Some(vault) = store.vault_of_user(user)?
    {
        let resource = Resource::VaultAsset { vault: &vault, asset: &asset, in_vault: in_vault == vault.id };
        if authorize(principal, action, resource).is_ok() {
            return Ok((asset, Reach::Shared));
        }
    }
    Err(AppError::NotFound)
}

/// The caller may name the people on `asset` ([`Resource::FaceNames`]), a photo they have been shown.
pub fn authorize_face_names(store: &Store, principal: Principal, asset: &AssetRecord) -> AppResult<()> {
    let own =
        authorize(principal, Action::Write, Resource::FaceNames { asset, vault: None, in_vault: false });
    let Principal::User { id: user, .. } = principal else { return own };
    if own.is_ok() {
        return own;
    }
    let (Some(in_vault), Some(vault)) = (store.vault_of_asset(&asset.id)?, store.vault_of_user(user)?) else {
        return own;
    };
    let resource = Resource::FaceNames { asset, vault: Some(&vault), in_vault: in_vault == vault.id };
    authorize(principal, Action::Write, resource)
}

/// [`authorize_face_names`] as a yes or no, for showing the way to it.
pub fn may_name_faces(store: &Store, principal: Principal, asset: &AssetRecord) -> AppResult<bool> {
    match authorize_face_names(store, principal, asset) {
        Ok(()) => Ok(true),
        Err(AppError::Forbidden(_) | AppError::Unauthorized) => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keepsake_api::MediaMetadata;

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

    fn album(owner: u64, assets: &[&str], members: &[(u64, AlbumRole)]) -> AlbumRecord {
        AlbumRecord {
            id: "al".into(),
            owner,
            name: "n".into(),
            description: String::new(),
            cover: None,
            assets: assets.iter().map(|a| a.to_string()).collect(),
            created_at: 0,
            updated_at: 0,
            members: members
                .iter()
                .map(|&(user, role)| crate::db::AlbumMemberRecord { user, role, added_at: 0 })
                .collect(),
        }
    }

    #[test]
    fn links_show_what_they_share_and_originals_only_when_allowed() {
        fn visit(link: &LinkRecord, unlocked: bool, now: i64) -> Visit<'_> {
            Visit { link, unlocked, now }
        }
        let mut link = LinkRecord {
            id: "l".into(),
            owner: 1,
            target: LinkTargetRecord::Photo("a".into()),
            token_hash: [0; 32],
            created_at: 0,
            expires_at: Some(100),
            password_hash: Some("x".into()),
            password_epoch: 0,
            allow_download: false,
            show_location: false,
            show_camera: false,
        };
        let photo = asset(1);
        let mut video = asset(1);
        video.kind = AssetKind::Video;
        let file = |a, original| Visiting::File { asset: a, album: None, original };
        assert!(matches!(
            authorize_visit(&visit(&link, false, 50), file(&photo, false)),
            Err(AppError::PasswordRequired)
        ));
        assert!(matches!(authorize_visit(&visit(&link, true, 100), Visiting::Share), Err(AppError::Gone(_))));
        assert!(authorize_visit(&visit(&link, true, 50), file(&photo, false)).is_ok());
        assert!(matches!(
            authorize_visit(&visit(&link, true, 50), file(&photo, true)),
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            authorize_visit(&visit(&link, true, 50), Visiting::Download),
            Err(AppError::Forbidden(_))
        ));
        // A video plays from its original: showing it needs no download permission.
        assert!(authorize_visit(&visit(&link, true, 50), file(&video, true)).is_ok());
        let mut other = asset(1);
        other.id = "b".into();
        assert!(matches!(
            authorize_visit(&visit(&link, true, 50), file(&other, false)),
            Err(AppError::NotFound)
        ));
        link.allow_download = true;
        assert!(authorize_visit(&visit(&link, true, 50), file(&photo, true)).is_ok());
    }

    #[test]
    fn album_members_read_and_contributors_add() {
        let user = |id| Principal::User { id, is_admin: false };
        let shared = album(1, &["a"], &[(2, AlbumRole::Viewer), (3, AlbumRole::Contributor)]);
        let a = asset(1);
        let read = |p, r| authorize(p, Action::Read, r).is_ok();
        assert!(read(user(2), Resource::AlbumAsset { album: &shared, asset: &a }));
        assert!(!read(user(4), Resource::AlbumAsset { album: &shared, asset: &a }));
        // Not listed in the album: not reachable through it.
        assert!(!read(
            user(2),
            Resource::AlbumAsset { album: &album(1, &[], &[(2, AlbumRole::Viewer)]), asset: &a }
        ));
        assert!(authorize(user(3), Action::Contribute, Resource::Album(&shared)).is_ok());
        assert!(matches!(
            authorize(user(2), Action::Contribute, Resource::Album(&shared)),
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            authorize(user(2), Action::Write, Resource::Album(&shared)),
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            authorize(user(4), Action::Read, Resource::Album(&shared)),
            Err(AppError::NotFound)
        ));
        // A member may leave; only the owner removes others.
        assert!(authorize(user(2), Action::Write, Resource::AlbumMember { album: &shared, user: 2 }).is_ok());
        assert!(
            authorize(user(2), Action::Write, Resource::AlbumMember { album: &shared, user: 3 }).is_err()
        );
        assert!(authorize(user(1), Action::Write, Resource::AlbumMember { album: &shared, user: 3 }).is_ok());
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

    #[test]
    fn orders_are_their_owners_and_the_print_labs() {
        let order = OrderRecord {
            number: 1001,
            id: "o".into(),
            owner: 2,
            created_at: 0,
            status: keepsake_api::OrderStatus::Placed,
            history: Vec::new(),
            lines: Vec::new(),
            address: Default::default(),
            currency: "USD".into(),
            subtotal: 0,
            shipping: 0,
            total: 0,
        };
        let admin = Principal::User { id: 1, is_admin: true };
        let owner = Principal::User { id: 2, is_admin: false };
        let other = Principal::User { id: 3, is_admin: false };
        assert!(authorize(owner, Action::Read, Resource::Order(&order)).is_ok());
        assert!(authorize(owner, Action::Write, Resource::Order(&order)).is_ok());
        assert!(authorize(admin, Action::Read, Resource::Order(&order)).is_ok());
        // The lab reads an order, but cancelling is the person's; the lab moves it through the lab.
        assert!(matches!(
            authorize(admin, Action::Write, Resource::Order(&order)),
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(authorize(other, Action::Read, Resource::Order(&order)), Err(AppError::NotFound)));
        assert!(authorize(admin, Action::Write, Resource::PrintLab).is_ok());
        assert!(matches!(authorize(owner, Action::Read, Resource::PrintLab), Err(AppError::Forbidden(_))));
        assert!(matches!(
            authorize(Principal::Anonymous, Action::Read, Resource::Order(&order)),
            Err(AppError::Unauthorized)
        ));
    }
}
