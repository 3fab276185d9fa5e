//! The client's address: the peer's, or — when the peer is a trusted reverse proxy — the one the proxy
//! saw, from `X-Forwarded-For`. Throttles key on it, so behind a proxy families do not share one.

use crate::AppState;
use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{HeaderMap, request::Parts},
};
use ipnet::IpNet;
use std::{
    convert::Infallible,
    net::{IpAddr, SocketAddr},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    /// What throttles count by: the address, or its /64 for IPv6, the block one household gets.
    pub fn throttle_key(&self) -> String {
        match self.0 {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        }
    }
}

/// `KEEPSAKE_TRUSTED_PROXIES`: comma-separated CIDRs or single addresses.
pub fn parse_trusted(text: &str) -> anyhow::Result<Vec<IpNet>> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpNet>()
                .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| anyhow::anyhow!("KEEPSAKE_TRUSTED_PROXIES: {s:?} is not an address or CIDR"))
        })
        .collect()
}

/// Walks `X-Forwarded-For` from the right (the entry the nearest proxy added) past trusted proxies;
/// the first address that is not one is the client. Entries left of it were written by the client
/// and are not believed.
pub fn client_of(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let mut client = peer.to_canonical();
    if !is_trusted(&client) {
        return client;
    }
    let hops = headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("").split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    for hop in hops.into_iter().rev() {
        let Ok(ip) = hop.parse::<IpAddr>() else { break };
        client = ip.to_canonical();
        if !is_trusted(&client) {
            break;
        }
    }
    client
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |ConnectInfo(addr)| addr.ip());
        Ok(Self(client_of(peer, &parts.headers, &state.config.trusted_proxies)))
    }
}

impl aide::OperationInput for ClientAddr {}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let trusted = parse_trusted("10.0.0.0/8, ::1").unwrap();
        let proxy: IpAddr = "10.1.2.3".parse().unwrap();
        let stranger: IpAddr = "203.0.113.9".parse().unwrap();
        // An untrusted peer's header is ignored.
        assert_eq!(client_of(stranger, &headers(&["198.51.100.1"]), &trusted), stranger);
        // A client's own forged entry (left) is not believed; the proxy's (right) is.
        let h = headers(&["1.1.1.1, 198.51.100.7"]);
        assert_eq!(client_of(proxy, &h, &trusted), "198.51.100.7".parse::<IpAddr>().unwrap());
        // Several trusted hops, over several header lines.
        let h = headers(&["198.51.100.7", "10.9.9.9"]);
        assert_eq!(client_of(proxy, &h, &trusted), "198.51.100.7".parse::<IpAddr>().unwrap());
        // No header: the proxy itself.
        assert_eq!(client_of(proxy, &HeaderMap::new(), &trusted), proxy);
        // Garbage stops the walk at the last address a trusted proxy vouched for.
        assert_eq!(client_of(proxy, &headers(&["nonsense"]), &trusted), proxy);
        assert!(parse_trusted("10.0.0.0/33").is_err());
        // IPv4 peers seen through a dual-stack socket are still IPv4.
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
        assert_eq!(client_of(mapped, &headers(&["198.51.100.7"]), &trusted).to_string(), "198.51.100.7");
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        let a = ClientAddr("2001:db8:1:2:aaaa::1".parse().unwrap());
        let b = ClientAddr("2001:db8:1:2:bbbb::2".parse().unwrap());
        assert_eq!(a.throttle_key(), b.throttle_key());
        assert_eq!(ClientAddr("192.0.2.1".parse().unwrap()).throttle_key(), "192.0.2.1");
    }
}
