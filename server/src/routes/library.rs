//! Finding things: search, folders, the trash, memories, tag suggestions and the camera filter.

use crate::{
    AppState,
    auth::CurrentUser,
    db::{
        index,
        search::{self, Filters},
    },
    error::{AppError, AppResult, Query},
    permissions::{Action, Resource, authorize},
    routes::{
        MAX_PAGE, PageQuery,
        assets::{apply_change, rfc3339, to_api},
        page_limit,
    },
};
use aide::axum::{
    ApiRouter,
    routing::{get_with, post_with},
};
use axum::{Json, extract::State};
use keepsake_api::{
    AssetChange, AssetKind, CameraCount, EditResult, FolderEntry, FolderListing, Memories, MemoryYear,
    SearchPage, SearchQuery, TagCount, TrashPage, TrashedAsset, paths,
};
use serde::Deserialize;
use time::{Date, macros::format_description};

const DEFAULT_PAGE: usize = 200;
const MAX_QUERY: usize = 500;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route(
            paths::SEARCH,
            get_with(search_assets, |op| {
                op.summary("Search: words and dates as people write them, with filters")
            })
            .layer(super::compressed_json()),
        )
        .api_route(paths::FOLDERS, get_with(folders, |op| op.summary("The folders under ?path= with counts")))
        .api_route(
            paths::TRASH,
            get_with(trash, |op| op.summary("What is in the trash and when it will be deleted"))
                .layer(super::compressed_json()),
        )
        .api_route(
            paths::TRASH_EMPTY,
            post_with(empty_trash, |op| op.summary("Delete everything in the trash now")),
        )
        .api_route(
            paths::TRASH_RESTORE_ALL,
            post_with(restore_all, |op| op.summary("Bring everything back from the trash")),
        )
        .api_route(
            paths::MEMORIES,
            get_with(memories, |op| op.summary("Photos taken on this day in earlier years"))
                .layer(super::compressed_json()),
        )
        .api_route(paths::TAGS, get_with(tags, |op| op.summary("The caller's tags, most used first")))
        .api_route(
            paths::CAMERAS,
            get_with(cameras, |op| op.summary("The caller's cameras, most used first")),
        )
}

fn parse_day(text: &str, what: &str) -> AppResult<Date> {
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .map_err(|_| AppError::BadRequest(format!("{what}: write dates as YYYY-MM-DD")))
}

fn midnight(date: Date) -> i64 {
    date.midnight().assume_utc().unix_timestamp()
}

fn today(state: &AppState) -> Date {
    time::OffsetDateTime::from_unix_timestamp(state.clock.now()).map_or(Date::MIN, |t| t.date())
}

async fn search_assets(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<SearchQuery>,
) -> AppResult<Json<SearchPage>> {
    authorize(user.principal(), Action::Read, Resource::OwnLibrary)?;
    if q.q.chars().count() > MAX_QUERY {
        return Err(AppError::BadRequest(format!("searches are at most {MAX_QUERY} characters")));
    }
    let today = today(&state);
    // The most selective facet first: with no words it drives the search.
    let mut filters = Filters::default();
    filters.facets.extend(q.folder.as_deref().map(index::folder_facet));
    filters.facets.extend(q.camera.as_deref().map(index::camera_facet));
    filters.facets.extend(q.person.as_deref().map(index::person_facet));
    if q.archived == Some(true) {
        filters.facets.push(index::ARCHIVED.into());
    }
    if q.favorite == Some(true) {
        filters.facets.push(index::FAVORITE.into());
    }
    filters.facets.extend(q.kind.map(|k: AssetKind| index::kind_facet(k).to_string()));
    if q.from.is_some() || q.to.is_some() {
        let from = q.from.as_deref().map(|d| parse_day(d, "from")).transpose()?.map_or(i64::MIN, midnight);
        let to = match q.to.as_deref().map(|d| parse_day(d, "to")).transpose()? {
            Some(to) => to.next_day().map_or(i64::MAX, midnight),
            None => i64::MAX,
        };
        filters.dates = Some(vec![(from, to)]);
    }
    let offset = q.offset.unwrap_or(0);
    let limit = page_limit(q.limit, DEFAULT_PAGE)?;
    let owner = user.0.id;
    let (records, total) = state
        .store
        .run(move |store| {
            // The person's album names are read as names, not as dates ("Summer holidays").
            let albums = store.albums_of(owner)?.into_iter().chain(store.albums_shared_with(owner)?);
            let names: Vec<String> = albums.map(|a| a.name).collect();
            let parsed = search::parse(&q.q, today, &names);
            store.search(owner, &parsed, &filters, offset, limit)
        })
        .await?;
    let next_offset = (offset + records.len() < total).then_some(offset + records.len());
    Ok(Json(SearchPage { items: records.iter().map(to_api).collect(), total, next_offset }))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct FolderQuery {
    #[serde(default)]
    path: String,
}

async fn folders(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<FolderQuery>,
) -> AppResult<Json<FolderListing>> {
    authorize(user.principal(), Action::Read, Resource::OwnLibrary)?;
    let path = crate::ingest::clean_folder(Some(&q.path)).unwrap_or_default();
    let owner = user.0.id;
    let at = path.clone();
    let (children, count) = state.store.run(move |store| store.folders(owner, &at)).await?;
    let folders = children
        .into_iter()
        .map(|(name, count)| {
            let path = if path.is_empty() { name.clone() } else { format!("{path}/{name}") };
            FolderEntry { name, path, count }
        })
        .collect();
    Ok(Json(FolderListing { path, folders, count }))
}

async fn trash(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<PageQuery>,
) -> AppResult<Json<TrashPage>> {
    authorize(user.principal(), Action::Read, Resource::OwnLibrary)?;
    let owner = user.0.id;
    let (offset, limit) = (q.offset.unwrap_or(0), page_limit(q.limit, MAX_PAGE)?);
    let (records, _) = state.store.run(move |store| store.trash_page(owner, offset, limit)).await?;
    let days = state.config.trash_days;
    let items = records
        .iter()
        .map(|r| {
            let at = r.trashed_at.unwrap_or_default();
            TrashedAsset {
                asset: to_api(r),
                trashed_at: rfc3339(at),
                purge_at: rfc3339(at + i64::from(days) * 86_400),
            }
        })
        .collect();
    Ok(Json(TrashPage { items, retention_days: days }))
}

async fn all_trashed(state: &AppState, user: &CurrentUser) -> AppResult<Vec<String>> {
    authorize(user.principal(), Action::Write, Resource::OwnLibrary)?;
    let owner = user.0.id;
    let ids = state.store.run(move |store| store.trashed_ids(Some(owner), None)).await?;
    Ok(ids.into_iter().map(|(_, id)| id).collect())
}

async fn empty_trash(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<EditResult>> {
    let mut changed = 0;
    for batch in all_trashed(&state, &user).await?.chunks(keepsake_api::MAX_BATCH) {
        changed += apply_change(&state, &user, batch.to_vec(), AssetChange::Purge).await?;
    }
    Ok(Json(EditResult { changed }))
}

async fn restore_all(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<EditResult>> {
    let mut changed = 0;
    for batch in all_trashed(&state, &user).await?.chunks(keepsake_api::MAX_BATCH) {
        changed += apply_change(&state, &user, batch.to_vec(), AssetChange::Restore).await?;
    }
    Ok(Json(EditResult { changed }))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct MemoriesQuery {
    /// The viewer's own date, `YYYY-MM-DD`: "today" is where the person is, not where the server is.
    #[schemars(extend("format" = "date"))]
    today: Option<String>,
}

async fn memories(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<MemoriesQuery>,
) -> AppResult<Json<Memories>> {
    authorize(user.principal(), Action::Read, Resource::OwnLibrary)?;
    let today = match q.today.as_deref() {
        Some(d) => parse_day(d, "today")?,
        None => today(&state),
    };
    let owner = user.0.id;
    let years = state
        .store
        .run(move |store| store.on_this_day(owner, today.month(), today.day(), today.year()))
        .await?;
    Ok(Json(Memories {
        years: years
            .into_iter()
            .map(|(year, records)| MemoryYear { year, items: records.iter().map(to_api).collect() })
            .collect(),
    }))
}

async fn tags(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<TagCount>>> {
    authorize(user.principal(), Action::Read, Resource::OwnLibrary)?;
    let owner = user.0.id;
    let names = state.store.run(move |store| store.names(owner, false)).await?;
    Ok(Json(names.into_iter().map(|n| TagCount { tag: n.name, count: n.count }).collect()))
}

async fn cameras(State(state): State<AppState>, user: CurrentUser) -> AppResult<Json<Vec<CameraCount>>> {
    authorize(user.principal(), Action::Read, Resource::OwnLibrary)?;
    let owner = user.0.id;
    let names = state.store.run(move |store| store.names(owner, true)).await?;
    Ok(Json(names.into_iter().map(|n| CameraCount { camera: n.name, count: n.count }).collect()))
}
