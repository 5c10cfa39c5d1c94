//! Indicators of compromise on events: a type and a value, checked for
//! the type (an address parses, a hash has its length in hex), kept
//! refanged and shown defanged (`hxxps://evil[.]example`, `203.0.113[.]5`)
//! wherever itx draws or prints them, so no one clicks one by accident.
//! Defanged input is accepted.

use std::fmt;

pub use super::vocab::IndicatorKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub kind: IndicatorKind,
    /// Refanged and in its canonical form (hashes and domains lower case).
    pub value: String,
    pub note: Option<String>,
}

impl Indicator {
    /// The value as itx shows it: defanged.
    pub fn shown(&self) -> String {
        defang(self.kind, &self.value)
    }
}

impl fmt::Display for Indicator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.shown())
    }
}

/// A defanged value as it really is: `[.]`, `(.)`, `[dot]` are dots,
/// `hxxp` is `http`, `[:]` a colon, `[@]` and `[at]` an at sign.
pub fn refang(value: &str) -> String {
    let mut v = value.trim().to_string();
    for (from, to) in [
        ("[.]", "."),
        ("(.)", "."),
        ("{.}", "."),
        ("[dot]", "."),
        ("[:]", ":"),
        ("[@]", "@"),
        ("[at]", "@"),
    ] {
        v = v.replace(from, to);
    }
    for (from, to) in [
        ("hxxps://", "https://"),
        ("hxxp://", "http://"),
        ("hXXps://", "https://"),
        ("hXXp://", "http://"),
    ] {
        if let Some(rest) = v.strip_prefix(from) {
            v = format!("{to}{rest}");
        }
    }
    v
}

/// A value made safe to show: the dots of addresses and names bracketed,
/// `http` written `hxxp`, an email's `@` bracketed. Hashes, file names and
/// CVE ids are shown as they are.
pub fn defang(kind: IndicatorKind, value: &str) -> String {
    match kind {
        IndicatorKind::Ipv4 => match value.rfind('.') {
            Some(i) => format!("{}[.]{}", &value[..i], &value[i + 1..]),
            None => value.to_string(),
        },
        IndicatorKind::Domain => value.replace('.', "[.]"),
        IndicatorKind::Email => value.replace('.', "[.]").replace('@', "[@]"),
        IndicatorKind::Url => {
            let (scheme, rest) = value.split_once("://").unwrap_or(("", value));
            let (host, path) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
            let scheme = match scheme.to_ascii_lowercase().as_str() {
                "http" => "hxxp".to_string(),
                "https" => "hxxps".to_string(),
                "" => String::new(),
                other => other.to_string(),
            };
            let sep = if scheme.is_empty() { "" } else { "://" };
            format!("{scheme}{sep}{}{path}", host.replace('.', "[.]"))
        }
        IndicatorKind::Ipv6
        | IndicatorKind::Md5
        | IndicatorKind::Sha1
        | IndicatorKind::Sha256
        | IndicatorKind::Filename
        | IndicatorKind::Cve => value.to_string(),
    }
}

fn is_domain(d: &str) -> bool {
    let labels: Vec<&str> = d.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().all(char::is_alphabetic) && tld.len() >= 2)
}

/// `value` (perhaps defanged) checked for `kind`, in its canonical form,
/// or why it is not one.
pub fn check(kind: IndicatorKind, value: &str) -> Result<String, String> {
    let v = refang(value);
    let hex = |n: usize, what: &str| {
        let lower = v.to_ascii_lowercase();
        if lower.len() == n && lower.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(lower)
        } else {
            Err(format!("`{v}` is not {what}: {n} hexadecimal digits ({} given)", v.len()))
        }
    };
    match kind {
        IndicatorKind::Ipv4 => v
            .parse::<std::net::Ipv4Addr>()
            .map(|a| a.to_string())
            .map_err(|_| format!("`{v}` is not an IPv4 address (four numbers 0-255: 203.0.113.5)")),
        IndicatorKind::Ipv6 => v
            .parse::<std::net::Ipv6Addr>()
            .map(|a| a.to_string())
            .map_err(|_| format!("`{v}` is not an IPv6 address (2001:db8::1)")),
        IndicatorKind::Domain => {
            let d = v.trim_end_matches('.').to_lowercase();
            if is_domain(&d) {
                Ok(d)
            } else {
                Err(format!(
                    "`{v}` is not a domain name (labels of letters, digits and `-`, a dot between: evil.example)"
                ))
            }
        }
        IndicatorKind::Url => {
            let (scheme, rest) = v
                .split_once("://")
                .ok_or_else(|| format!("`{v}` is not a URL: it needs a scheme (https://...)"))?;
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            let host = host.rsplit('@').next().unwrap_or_default();
            let host = host.split(':').next().unwrap_or_default();
            let ok_scheme = !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
            if ok_scheme && (is_domain(&host.to_lowercase()) || host.parse::<std::net::Ipv4Addr>().is_ok() || host.starts_with('[')) {
                Ok(v.clone())
            } else {
                Err(format!("`{v}` is not a URL (scheme://host/path, the host a name or an address)"))
            }
        }
        IndicatorKind::Email => match v.rsplit_once('@') {
            Some((local, domain)) if !local.is_empty() && !local.contains(char::is_whitespace) && is_domain(&domain.to_lowercase()) => {
                Ok(format!("{local}@{}", domain.to_lowercase()))
            }
            _ => Err(format!("`{v}` is not an email address (name@domain.example)")),
        },
        IndicatorKind::Md5 => hex(32, "an MD5 hash"),
        IndicatorKind::Sha1 => hex(40, "a SHA-1 hash"),
        IndicatorKind::Sha256 => hex(64, "a SHA-256 hash"),
        IndicatorKind::Filename => {
            if v.is_empty() || v.contains(['/', '\0']) {
                Err(format!("`{v}` is not a file name (no folders: `invoice.pdf.exe`)"))
            } else {
                Ok(v.clone())
            }
        }
        IndicatorKind::Cve => {
            let up = v.to_uppercase();
            let ok = up.strip_prefix("CVE-").and_then(|r| r.split_once('-')).is_some_and(|(y, n)| {
                y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) && n.len() >= 4 && n.bytes().all(|b| b.is_ascii_digit())
            });
            if ok {
                Ok(up)
            } else {
                Err(format!("`{v}` is not a CVE id (CVE-2023-34362)"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use IndicatorKind::*;

    #[test]
    fn each_type_takes_its_values_and_refuses_others() {
        let good = [
            (Ipv4, "203.0.113.5", "203.0.113.5"),
            (Ipv4, "203.0.113[.]5", "203.0.113.5"),
            (Ipv6, "2001:db8::1", "2001:db8::1"),
            (Domain, "Evil[.]Example", "evil.example"),
            (Url, "hxxps://evil[.]example/a?b=1", "https://evil.example/a?b=1"),
            (Email, "ops[@]evil[.]example", "ops@evil.example"),
            (Md5, "D41D8CD98F00B204E9800998ECF8427E", "d41d8cd98f00b204e9800998ecf8427e"),
            (
                Sha1,
                "da39a3ee5e6b4b0d3255bfef95601890afd80709",
                "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            ),
            (
                Sha256,
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (Filename, "invoice.pdf.exe", "invoice.pdf.exe"),
            (Cve, "cve-2023-34362", "CVE-2023-34362"),
        ];
        for (kind, v, canonical) in good {
            assert_eq!(check(kind, v).as_deref(), Ok(canonical), "{kind} {v}");
        }
        let bad = [
            (Ipv4, "203.0.113.256"),
            (Ipv4, "example.org"),
            (Ipv6, "2001:db8:::1"),
            (Domain, "localhost"),
            (Domain, "evil..example"),
            (Url, "evil.example/a"),
            (Url, "https://"),
            (Email, "no-at.example"),
            (Md5, "d41d8cd98f00b204e9800998ecf8427"),
            (Sha1, "zz39a3ee5e6b4b0d3255bfef95601890afd80709"),
            (Sha256, "e3b0c442"),
            (Filename, "C:/Windows/evil.exe"),
            (Cve, "CVE-23-1"),
        ];
        for (kind, v) in bad {
            assert!(check(kind, v).is_err(), "{kind} {v}");
        }
    }

    #[test]
    fn defanged_both_ways() {
        for (kind, v, shown) in [
            (Ipv4, "203.0.113.5", "203.0.113[.]5"),
            (Domain, "evil.example", "evil[.]example"),
            (Url, "https://evil.example/x.php", "hxxps://evil[.]example/x.php"),
            (Email, "ops@evil.example", "ops[@]evil[.]example"),
            (Sha256, "e3b0", "e3b0"),
        ] {
            assert_eq!(defang(kind, v), shown);
            assert_eq!(refang(shown), v, "{shown} back");
        }
    }
}
