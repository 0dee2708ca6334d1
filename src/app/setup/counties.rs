//! The counties of the project form: the list of the project's counties (codes not in the
//! bundled GB/T 2260 list flagged), and the picker — province → prefecture → county from the
//! bundled list, a search by name or code, or a code and name typed.

use eframe::egui;

use crate::divisions::{self, Division};
use crate::i18n::{Lang, t, tf};
use crate::model::Project;
use crate::model::setup::{SetupChange, new_county};

/// At most this many search results are listed (a province has up to ~180 counties).
const MAX_SHOWN: usize = 200;

#[derive(Default)]
pub struct Picker {
    /// 2-digit province code picked.
    province: String,
    /// 4-digit prefecture code picked.
    prefecture: String,
    /// Name or code searched.
    search: String,
    code: String,
    name: String,
}

impl Picker {
    pub fn show(&mut self, ui: &mut egui::Ui, lang: Lang, p: &Project) -> Vec<SetupChange> {
        let mut out = Vec::new();
        current(ui, lang, p, &mut out);
        ui.add_space(6.0);
        ui.label(egui::RichText::new(t(lang, "prj_pick_heading")).strong());
        self.combos(ui, lang);
        ui.horizontal(|ui| {
            ui.label(t(lang, "prj_search"));
            ui.add(egui::TextEdit::singleline(&mut self.search).desired_width(200.0))
                .accessible_name(t(lang, "prj_search"));
        });
        let candidates = self.candidates();
        let new: Vec<&Division> = candidates
            .iter()
            .copied()
            .filter(|d| p.county(d.code).is_none())
            .collect();
        if !candidates.is_empty() {
            let all = tf(lang, "prj_add_all", &[("n", &new.len().to_string())]);
            if ui
                .add_enabled(!new.is_empty(), egui::Button::new(all))
                .clicked()
            {
                out.push(add(&new));
            }
            egui::ScrollArea::vertical()
                .id_salt("prj_candidates")
                .max_height(160.0)
                .show(ui, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        for d in candidates.iter().take(MAX_SHOWN) {
                            let label = format!("+ {} {}", d.code, d.name);
                            let there = p.county(d.code).is_some();
                            if ui.add_enabled(!there, egui::Button::new(label)).clicked() {
                                out.push(add(&[d]));
                            }
                        }
                    });
                    if candidates.len() > MAX_SHOWN {
                        ui.label(tf(
                            lang,
                            "prj_more",
                            &[("n", &candidates.len().to_string())],
                        ));
                    }
                });
        } else if !self.search.trim().is_empty() {
            ui.label(tf(lang, "prj_no_match", &[("q", self.search.trim())]));
        }
        self.typed(ui, lang, p, &mut out);
        out
    }

    /// Province and prefecture pickers.
    fn combos(&mut self, ui: &mut egui::Ui, lang: Lang) {
        ui.horizontal(|ui| {
            ui.label(t(lang, "prj_province"));
            let provinces = divisions::provinces();
            let shown = name_of(&provinces, &self.province, lang);
            egui::ComboBox::from_id_salt("prj_province")
                .selected_text(shown)
                .height(400.0)
                .show_ui(ui, |ui| {
                    for (code, name) in &provinces {
                        if ui.selectable_label(self.province == *code, *name).clicked() {
                            self.province = code.to_string();
                            self.prefecture.clear();
                            self.search.clear();
                        }
                    }
                })
                .response
                .on_hover_text(t(lang, "prj_province"));
            ui.label(t(lang, "prj_prefecture"));
            let prefectures = divisions::prefectures(&self.province);
            let shown = name_of(&prefectures, &self.prefecture, lang);
            egui::ComboBox::from_id_salt("prj_prefecture")
                .selected_text(shown)
                .height(400.0)
                .show_ui(ui, |ui| {
                    for (code, name) in &prefectures {
                        if ui
                            .selectable_label(self.prefecture == *code, *name)
                            .clicked()
                        {
                            self.prefecture = code.to_string();
                            self.search.clear();
                        }
                    }
                })
                .response
                .on_hover_text(t(lang, "prj_prefecture"));
        });
    }

    /// The counties offered: the search's matches, else the prefecture's, else none.
    fn candidates(&self) -> Vec<&'static Division> {
        let q = self.search.trim();
        if q.chars().all(|c| c.is_ascii_digit()) && !q.is_empty() {
            return divisions::with_prefix(q);
        }
        if !q.is_empty() {
            return divisions::all()
                .iter()
                .filter(|d| d.name.contains(q) || d.prefecture.contains(q) || d.province == q)
                .collect();
        }
        if self.prefecture.len() == 4 {
            return divisions::with_prefix(&self.prefecture);
        }
        Vec::new()
    }

    /// A code (and name) typed: a code of the list takes its name; another is kept, flagged.
    fn typed(&mut self, ui: &mut egui::Ui, lang: Lang, p: &Project, out: &mut Vec<SetupChange>) {
        ui.horizontal(|ui| {
            ui.label(t(lang, "prj_code"));
            ui.add(egui::TextEdit::singleline(&mut self.code).desired_width(70.0))
                .accessible_name(t(lang, "prj_code"));
            ui.label(t(lang, "prj_county_name"));
            ui.add(egui::TextEdit::singleline(&mut self.name).desired_width(120.0))
                .accessible_name(t(lang, "prj_county_name"));
            let code = self.code.trim();
            let known = divisions::find(code);
            let valid = code.len() == 6 && code.chars().all(|c| c.is_ascii_digit());
            let named = known.is_some() || !self.name.trim().is_empty();
            let ok = valid && named && p.county(code).is_none();
            if ui
                .add_enabled(ok, egui::Button::new(t(lang, "prj_add_typed")))
                .clicked()
            {
                let name = match (self.name.trim(), known) {
                    ("", Some(d)) => d.name,
                    (n, _) => n,
                };
                out.push(SetupChange::AddCounties(vec![new_county(
                    code,
                    name,
                    known.map(|d| d.prefecture),
                )]));
                self.code.clear();
                self.name.clear();
            }
        });
        let code = self.code.trim();
        if code.is_empty() {
            return;
        }
        let note = if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
            t(lang, "prj_code_six_digits").to_string()
        } else if let Some(d) = divisions::find(code) {
            format!("{} · {} · {}", d.name, d.prefecture, d.province)
        } else {
            tf(lang, "prj_unknown_code", &[("code", code)])
        };
        ui.label(egui::RichText::new(note).color(ui.visuals().warn_fg_color));
    }
}

/// The counties already in the project, each removable; codes not in the list are flagged.
fn current(ui: &mut egui::Ui, lang: Lang, p: &Project, out: &mut Vec<SetupChange>) {
    ui.label(tf(
        lang,
        "prj_county_count",
        &[("n", &p.counties.len().to_string())],
    ));
    if p.counties.is_empty() {
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("prj_current")
        .max_height(180.0)
        .show(ui, |ui| {
            egui::Grid::new("prj_current_grid")
                .num_columns(4)
                .striped(true)
                .show(ui, |ui| {
                    for c in &p.counties {
                        ui.label(&c.code);
                        ui.label(c.name.get(lang));
                        match divisions::find(&c.code) {
                            Some(d) => ui.label(format!("{} · {}", d.prefecture, d.province)),
                            None => ui
                                .colored_label(
                                    ui.visuals().warn_fg_color,
                                    t(lang, "prj_not_in_list"),
                                )
                                .on_hover_text(tf(lang, "prj_unknown_code", &[("code", &c.code)])),
                        };
                        let remove = tf(lang, "prj_remove_county", &[("name", c.name.get(lang))]);
                        if ui.button(remove).clicked() {
                            out.push(SetupChange::RemoveCounty(c.code.clone()));
                        }
                        ui.end_row();
                    }
                });
        });
}

fn add(list: &[&Division]) -> SetupChange {
    SetupChange::AddCounties(
        list.iter()
            .map(|d| new_county(d.code, d.name, Some(d.prefecture)))
            .collect(),
    )
}

fn name_of(list: &[(&str, &'static str)], code: &str, lang: Lang) -> String {
    list.iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| t(lang, "prj_choose").to_string(), |(_, n)| n.to_string())
}
