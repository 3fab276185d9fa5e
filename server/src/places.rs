//! Offline reverse geocoding: a GPS position to the nearest town, its region and country, from the
//! GeoNames gazetteer that the `reverse_geocoder` crate ships (towns of 1,000 people or more). No
//! network service is asked; the table is parsed once, on the first photo with a position.

use keepsake_api::{Gps, Place};
use std::sync::LazyLock;

static GEOCODER: LazyLock<reverse_geocoder::ReverseGeocoder> =
    LazyLock::new(reverse_geocoder::ReverseGeocoder::new);

/// Positions farther than this from any town (at sea, on the ice) get no place rather than a wrong one.
const MAX_DISTANCE_KM: f64 = 150.0;
const EARTH_RADIUS_KM: f64 = 6371.0;

pub fn place_of(gps: &Gps) -> Option<Place> {
    let valid = gps.lat.is_finite() && gps.lon.is_finite() && gps.lat.abs() <= 90.0 && gps.lon.abs() <= 180.0;
    if !valid || (gps.lat == 0.0 && gps.lon == 0.0) {
        return None;
    }
    let found = GEOCODER.search((gps.lat, gps.lon));
    // The crate measures squared chord length on the unit sphere.
    let limit = (MAX_DISTANCE_KM / EARTH_RADIUS_KM).powi(2);
    if found.distance > limit {
        return None;
    }
    let record = found.record;
    let country = isocountry::CountryCode::for_alpha2(&record.cc)
        .map_or_else(|_| record.cc.clone(), |c| c.name().to_string());
    Some(Place {
        city: record.name.clone(),
        region: Some(record.admin1.clone()).filter(|r| !r.is_empty()),
        country,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_towns_and_nothing_at_sea() {
        let paris = place_of(&Gps { lat: 48.8566, lon: 2.3522, alt: None }).unwrap();
        assert_eq!(paris.country, "France");
        assert!(paris.label().contains("Paris"), "{paris:?}");
        let sf = place_of(&Gps { lat: 37.7749, lon: -122.4194, alt: None }).unwrap();
        assert_eq!(sf.country, "United States of America");
        assert_eq!(place_of(&Gps { lat: -40.0, lon: -120.0, alt: None }), None);
        assert_eq!(place_of(&Gps { lat: 0.0, lon: 0.0, alt: None }), None);
    }
}
