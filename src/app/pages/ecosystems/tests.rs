//! The 分生态系统 page: its pure edits (subtype ids, adding and removing subtypes and parts,
//! part land cover) and the page driven in egui_kittest on a blank project.

use super::edits::*;
use crate::i18n::Text;
use crate::model::Project;
use crate::model::setup::{NewProject, new_county};
use crate::registry::Registry;

fn blank() -> Project {
    NewProject {
        name: "空白".into(),
        years: vec![2020],
        counties: vec![new_county("360101", "甲县", None)],
        ..Default::default()
    }
    .build()
}

#[test]
fn subtype_ids_come_from_the_name_and_never_collide() {
    let reg = Registry::builtin();
    let mut p = blank();
    let a = add_subtype(&mut p, reg, Text::new("针叶林", "Conifer forest"), "forest");
    assert_eq!(a.as_deref(), Some("conifer_forest"));
    let b = add_subtype(
        &mut p,
        reg,
        Text::new("针叶林二", "Conifer  forest!"),
        "forest",
    );
    assert_eq!(b.as_deref(), Some("conifer_forest_2"));
    // No English name: a generic id; an ecosystem type id is never reused.
    let c = add_subtype(&mut p, reg, Text::new("竹林", ""), "forest");
    assert_eq!(c.as_deref(), Some("subtype"));
    let d = add_subtype(&mut p, reg, Text::new("其他森林", "Forest"), "forest");
    assert_eq!(d.as_deref(), Some("forest_2"));
    assert_eq!(add_subtype(&mut p, reg, Text::new(" ", ""), "forest"), None);
    assert_eq!(
        add_subtype(&mut p, reg, Text::new("x", "x"), "tundra"),
        None
    );
    assert_eq!(p.ecosystem_subtypes.len(), 4);
    assert_eq!(p.ecosystem_subtypes[2].name.zh, "竹林");
}

#[test]
fn a_subtype_in_use_is_kept_and_parts_hold_their_land_cover() {
    let reg = Registry::builtin();
    let mut p = blank();
    let id = add_subtype(&mut p, reg, Text::new("竹林", "Bamboo"), "forest").expect("added");
    add_part(&mut p, 2020, "360101", &id);
    set_part_area(&mut p, 2020, ("360101", &id), "bamboo_forest", Some(120.0));
    assert_eq!(part_uses(&p, &id), [(2020, "360101".to_string())]);
    assert!(!remove_subtype(&mut p, &id), "in use: kept");
    assert_eq!(p.ecosystem_subtypes.len(), 1);
    // Adding the part again keeps what it holds.
    add_part(&mut p, 2020, "360101", &id);
    let cp = &p.period(2020).expect("year").counties["360101"];
    assert_eq!(cp.ecosystem_parts[&id].land_cover["bamboo_forest"], 120.0);
    update_subtype(&mut p, &id, Text::new("毛竹林", "Moso bamboo"), "forest");
    assert_eq!(p.ecosystem_subtypes[0].name.zh, "毛竹林");
    assert_eq!(p.ecosystem_subtypes[0].id, id);
    set_part_area(&mut p, 2020, ("360101", &id), "bamboo_forest", None);
    remove_part(&mut p, 2020, "360101", &id);
    assert!(part_uses(&p, &id).is_empty());
    assert!(remove_subtype(&mut p, &id));
    assert!(p.ecosystem_subtypes.is_empty());
}
