//! Country codes: ISO 3166-1 alpha-2, the 249 officially assigned.
//! `UK` and `EL`, reserved for the United Kingdom and Greece in other
//! standards (the EU's), are named with the code to use instead.

/// The officially assigned codes, sorted.
const CODES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE", "BF", "BG",
    "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI",
    "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH",
    "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ",
    "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT",
    "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS",
    "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU",
    "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG",
    "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK",
    "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU",
    "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Codes people write that ISO reserves for a country with another code.
const RESERVED: [(&str, &str); 2] = [("UK", "GB"), ("EL", "GR")];

/// Whether `code` is a country code, or what to write instead.
pub fn check(code: &str) -> Result<(), String> {
    if CODES.binary_search(&code).is_ok() {
        return Ok(());
    }
    let upper = code.to_ascii_uppercase();
    if let Some((_, use_)) = RESERVED.iter().find(|(r, _)| *r == upper) {
        return Err(format!(
            "country \"{code}\" is not an ISO 3166-1 alpha-2 code; did you mean {use_}?"
        ));
    }
    if CODES.binary_search(&upper.as_str()).is_ok() {
        return Err(format!("country \"{code}\" is written in upper case: {upper}"));
    }
    Err(format!(
        "country \"{code}\" is not an ISO 3166-1 alpha-2 code (two capital letters, such as GB, CN or US)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_checked_against_the_list() {
        assert!(CODES.is_sorted());
        for ok in ["GB", "CN", "NO", "US", "TW"] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
        assert!(check("UK").unwrap_err().contains("did you mean GB?"));
        assert!(check("gb").unwrap_err().contains("upper case: GB"));
        assert!(check("XX").unwrap_err().contains("not an ISO 3166-1 alpha-2 code"));
        assert!(check("GBR").is_err());
    }
}
