use super::*;
use proptest::prelude::*;

fn dt(s: &str) -> Published {
    Published::parse_iso(s).unwrap()
}

#[test]
fn iso_round_trip_keeps_each_kind() {
    assert_eq!(dt("2019-01-04").to_iso(), "2019-01-04");
    assert_eq!(dt("2021-09-13T23:03:39").to_iso(), "2021-09-13T23:03:39");
    assert_eq!(dt("2021-09-13T23:03").to_iso(), "2021-09-13T23:03:00");
    assert_eq!(dt("2021-09-13T23:03:39.75"), dt("2021-09-13T23:03:39"));
    assert_eq!(dt("2021-09-13 23:03:39"), dt("2021-09-13T23:03:39"));
    for (text, iso) in [
        ("2021-09-13T23:03:39+04:30", "2021-09-13T23:03:39+04:30"),
        ("2021-09-13T23:03:39+0430", "2021-09-13T23:03:39+04:30"),
        ("2021-09-13T23:03:39-05:00", "2021-09-13T23:03:39-05:00"),
        ("2021-09-13T23:03:39Z", "2021-09-13T23:03:39+00:00"),
        ("2021-09-13 23:03:39.123Z", "2021-09-13T23:03:39+00:00"),
        ("2021-09-13T23:03+14:00", "2021-09-13T23:03:00+14:00"),
    ] {
        let p = dt(text);
        assert!(matches!(p, Published::Zoned(..)), "{text}");
        assert_eq!(p.to_iso(), iso, "{text}");
        assert_eq!(dt(iso), p, "{iso} reads back");
    }
    let at = chrono::NaiveDate::from_ymd_opt(2021, 9, 13)
        .unwrap()
        .and_hms_opt(23, 3, 39)
        .unwrap();
    assert_eq!(
        dt("2021-09-13T23:03:39+04:30"),
        Published::Zoned(at, UtcOffset::from_minutes(270).unwrap())
    );
    assert_eq!(
        dt("2021-09-13T23:03:39Z"),
        Published::Zoned(at, UtcOffset::UTC)
    );
}

#[test]
fn nonsense_is_rejected_with_the_forms_named() {
    for bad in [
        "2021-13-45",
        "yesterday",
        "21-09-13",
        "+12021-09-13",
        "2021-09-13T23:03:39+4:30",
        "2021-09-13T23:03:39+24:00",
        "2021-09-13T23:03:39 Z",
        "2021-09-13Z",
    ] {
        let e = Published::parse_iso(bad).unwrap_err();
        assert!(
            e.contains("not an ISO 8601 date") && e.contains("offset such as +04:30 or Z"),
            "{bad}: {e}"
        );
    }
}

#[test]
fn display_is_the_outlets_clock_with_its_offset() {
    assert_eq!(dt("2021-09-13T23:03:39").display(), "13 Sep 2021, 23:03");
    assert_eq!(dt("2019-01-04").display(), "4 Jan 2019");
    assert_eq!(
        dt("2021-09-13T23:03:39+04:30").display(),
        "13 Sep 2021, 23:03 (+04:30)"
    );
    assert_eq!(
        dt("2021-09-13T23:03:39-05:00").display(),
        "13 Sep 2021, 23:03 (-05:00)"
    );
    assert_eq!(
        dt("2021-09-13T18:33:00Z").display(),
        "13 Sep 2021, 18:33 (UTC)"
    );
}

#[test]
fn the_day_is_the_one_the_outlet_printed() {
    // 01:30 in Tehran is still 12 Sep in UTC.
    let p = dt("2021-09-13T01:30:00+04:30");
    assert_eq!(
        p.date(),
        chrono::NaiveDate::from_ymd_opt(2021, 9, 13).unwrap()
    );
}

#[test]
fn captures_are_labelled_by_day() {
    let p = dt("2021-09-13T18:33:00Z");
    assert_eq!(p.capture_label(), "captured 13 Sep 2021");
    assert_eq!(p.label(Some(DateSource::Capture)), "captured 13 Sep 2021");
    assert_eq!(p.label(Some(DateSource::Feed)), p.display());
    assert_eq!(p.label(None), p.display());
    assert_eq!(dt("2019-01-04").capture_label(), "captured 4 Jan 2019");
}

#[test]
fn date_sources_are_lowercase_words() {
    for (source, word) in [
        (DateSource::Page, "\"page\""),
        (DateSource::Feed, "\"feed\""),
        (DateSource::Url, "\"url\""),
        (DateSource::Capture, "\"capture\""),
    ] {
        assert_eq!(serde_json::to_string(&source).unwrap(), word);
        assert_eq!(serde_json::from_str::<DateSource>(word).unwrap(), source);
    }
    assert!(serde_json::from_str::<DateSource>("\"Page\"").is_err());
}

#[test]
fn zoned_times_sort_by_their_instant() {
    // 23:03:39 at +04:30 is 18:33:39 UTC.
    let mut v = [
        dt("2021-09-13T18:34:00Z"),
        dt("2021-09-13T23:03:39+04:30"),
        dt("2021-09-13T18:33:00Z"),
    ];
    v.sort();
    let iso: Vec<_> = v.iter().map(|p| p.to_iso()).collect();
    assert_eq!(
        iso,
        [
            "2021-09-13T18:33:00+00:00",
            "2021-09-13T23:03:39+04:30",
            "2021-09-13T18:34:00+00:00"
        ]
    );
    // One instant written two ways: different values, in a fixed order.
    let (a, b) = (dt("2021-09-13T18:33:39Z"), dt("2021-09-13T23:03:39+04:30"));
    assert_ne!(a, b);
    assert_eq!(a.cmp(&b), Ordering::Less);
    // A zoneless clock is ordered as if it were UTC.
    assert!(dt("2021-09-13T18:33:00") < dt("2021-09-13T23:03:39+04:30"));
    assert!(dt("2021-09-13T18:34:00") > dt("2021-09-13T23:03:39+04:30"));
}

#[test]
fn ordering_is_chronological_with_day_only_first_within_a_day() {
    let mut v = [
        dt("2021-09-13T23:03:39"),
        dt("2019-01-04"),
        dt("2021-09-13"),
        dt("2021-09-13T00:00:00"),
        dt("2021-09-13T00:00:00Z"),
    ];
    v.sort();
    let iso: Vec<_> = v.iter().map(|p| p.to_iso()).collect();
    assert_eq!(
        iso,
        [
            "2019-01-04",
            "2021-09-13",
            "2021-09-13T00:00:00",
            "2021-09-13T00:00:00+00:00",
            "2021-09-13T23:03:39"
        ]
    );
}

#[test]
fn offsets_stay_within_a_day() {
    assert_eq!(UtcOffset::from_minutes(1439).unwrap().to_iso(), "+23:59");
    assert_eq!(UtcOffset::from_minutes(-1439).unwrap().to_iso(), "-23:59");
    assert_eq!(UtcOffset::from_minutes(1440), None);
    assert_eq!(UtcOffset::from_minutes(-70_000), None);
}

/// Dates of every kind bunched on a few days and half hours, so ties and
/// same-instant pairs come up often.
fn any_published() -> impl Strategy<Value = Published> {
    let day = (0i64..3).prop_map(|d| {
        chrono::NaiveDate::from_ymd_opt(2021, 9, 12).unwrap() + chrono::Duration::days(d)
    });
    let clock = (0u32..48, prop::bool::weighted(0.05)).prop_map(|(half_hours, leap)| {
        let (hour, minute) = (half_hours / 2, 30 * (half_hours % 2));
        match leap {
            // A leap second, just before the half hour after.
            true => NaiveTime::from_hms_nano_opt(hour, minute + 29, 59, 1_000_000_000),
            false => NaiveTime::from_hms_opt(hour, minute, 0),
        }
        .unwrap()
    });
    let offset = prop_oneof![(-28i32..=28).prop_map(|h| h * 30), Just(1439), Just(-1439)]
        .prop_map(|m| UtcOffset::from_minutes(m).unwrap());
    prop_oneof![
        day.clone().prop_map(Published::Date),
        (day.clone(), clock.clone()).prop_map(|(d, t)| Published::DateTime(d.and_time(t))),
        (day, clock, offset).prop_map(|(d, t, o)| Published::Zoned(d.and_time(t), o)),
    ]
}

proptest! {
    #[test]
    fn ord_is_a_total_order_consistent_with_eq(
        a in any_published(),
        b in any_published(),
        c in any_published(),
    ) {
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        prop_assert_eq!(a.cmp(&b) == Ordering::Equal, a == b);
        prop_assert_eq!(a.partial_cmp(&b), Some(a.cmp(&b)));
        if a <= b && b <= c {
            prop_assert!(a <= c);
        }
        if a < b && b < c {
            prop_assert!(a < c);
        }
    }

    #[test]
    fn zoned_order_is_the_instants(a in any_published(), b in any_published()) {
        if let (Published::Zoned(x, o), Published::Zoned(y, p)) = (a, b) {
            let utc = |t: NaiveDateTime, o: UtcOffset| t - chrono::Duration::minutes(o.minutes().into());
            let (i, j) = (utc(x, o), utc(y, p));
            if i != j && x.nanosecond() < 1_000_000_000 && y.nanosecond() < 1_000_000_000 {
                prop_assert_eq!(a.cmp(&b), i.cmp(&j));
            }
        }
    }

    #[test]
    fn iso_form_reads_back(p in any_published()) {
        prop_assert_eq!(Published::parse_iso(&p.to_iso()), Ok(p));
    }
}
