//! The built-in file browser, used whenever no native file dialog is available (no portal, no
//! zenity on Linux; tests): folders of the current place, places to jump to (home, desktop,
//! documents, downloads, the working folder, folders of recent files), a file-type filter,
//! a file-name/path field, and a confirmation before an existing file is overwritten. Errors
//! name the full path and the translated OS cause. Also decides whether a native dialog's
//! `None` meant "cancelled" or "unavailable" ([`native`]).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use eframe::egui;

use super::import_dialog;
use super::state::{AppState, ExportKind, PathPrompt, PathPurpose};
use crate::i18n::{Lang, t, tf};

/// What a native dialog gave.
pub enum Picked {
    Chosen(PathBuf),
    /// The user closed the dialog: do nothing.
    Cancelled,
    /// No dialog could be shown: use the built-in browser.
    Unavailable,
}

/// A native dialog that answers `None` faster than this never showed a window (rfd without a
/// portal or zenity answers within a few ms; no person cancels that fast).
const NO_DIALOG: Duration = Duration::from_millis(150);

/// Runs a native dialog when `enabled`, telling a cancel from a missing dialog.
pub fn native(enabled: bool, dialog: impl FnOnce() -> Option<PathBuf>) -> Picked {
    if !enabled {
        return Picked::Unavailable;
    }
    let start = Instant::now();
    match dialog() {
        Some(p) => Picked::Chosen(p),
        None if start.elapsed() < NO_DIALOG => Picked::Unavailable,
        None => Picked::Cancelled,
    }
}

impl PathPrompt {
    /// A browser for `purpose`, starting from `suggestion` (a file name or a full path), in
    /// its folder, else the folder of the most recent file, else the home folder.
    pub fn new(purpose: PathPurpose, suggestion: &str, recent: &[PathBuf]) -> PathPrompt {
        let s = Path::new(suggestion);
        let (dir, text) = match (s.parent(), s.file_name()) {
            (Some(d), Some(f)) if d.is_dir() && !d.as_os_str().is_empty() => {
                (d.to_path_buf(), f.to_string_lossy().to_string())
            }
            _ => {
                let dir = recent
                    .iter()
                    .filter_map(|r| r.parent())
                    .find(|d| d.is_dir())
                    .map(Path::to_path_buf)
                    .or_else(home)
                    .or_else(|| std::env::current_dir().ok())
                    .unwrap_or_default();
                (dir, suggestion.to_string())
            }
        };
        PathPrompt {
            purpose,
            text,
            dir,
            all_files: false,
            overwrite: None,
        }
    }

    /// The file the field names: a full path as typed, a bare name inside the shown folder.
    pub fn target(&self) -> PathBuf {
        let typed = Path::new(self.text.trim());
        let mut p = if typed.is_absolute() {
            typed.to_path_buf()
        } else {
            self.dir.join(typed)
        };
        let ext = extensions(self.purpose)[0];
        if self.saves() && p.extension().is_none() && !self.text.trim().is_empty() {
            p.set_extension(ext);
        }
        p
    }

    fn saves(&self) -> bool {
        matches!(self.purpose, PathPurpose::SaveAs | PathPurpose::Export(_))
    }
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from)
        .filter(|p| p.is_dir())
}

/// File types shown for `purpose` (the first is added to a saved name without one).
fn extensions(purpose: PathPurpose) -> &'static [&'static str] {
    match purpose {
        PathPurpose::Open | PathPurpose::SaveAs => &["ron"],
        PathPurpose::Import => &["xlsx", "xls", "xlsb", "ods", "csv", "txt"],
        PathPurpose::Export(k) => match k {
            ExportKind::Csv => &["csv"],
            ExportKind::Json => &["json"],
            ExportKind::Xlsx | ExportKind::Template => &["xlsx"],
            ExportKind::Html => &["html"],
            ExportKind::Pdf => &["pdf"],
            ExportKind::Docx => &["docx"],
        },
    }
}

/// Places to jump to: (label, folder), existing folders only, no repeats.
fn places(lang: Lang, recent: &[PathBuf]) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = Vec::new();
    let mut add = |label: String, p: PathBuf| {
        if p.is_dir() && !out.iter().any(|(_, q)| *q == p) {
            out.push((label, p));
        }
    };
    if let Some(h) = home() {
        add(t(lang, "fil_place_home").into(), h.clone());
        for (key, sub) in [
            ("fil_place_desktop", "Desktop"),
            ("fil_place_documents", "Documents"),
            ("fil_place_downloads", "Downloads"),
            ("fil_place_desktop", "桌面"),
            ("fil_place_documents", "文档"),
            ("fil_place_downloads", "下载"),
        ] {
            add(t(lang, key).into(), h.join(sub));
        }
    }
    if let Ok(c) = std::env::current_dir() {
        add(t(lang, "fil_place_cwd").into(), c);
    }
    for r in recent {
        if let Some(d) = r.parent() {
            let name = d
                .file_name()
                .map_or_else(|| d.display().to_string(), |n| n.to_string_lossy().into());
            add(
                tf(lang, "fil_place_recent", &[("name", &name)]),
                d.to_path_buf(),
            );
        }
    }
    if cfg!(windows) {
        for letter in 'C'..='Z' {
            add(format!("{letter}:"), PathBuf::from(format!("{letter}:\\")));
        }
    }
    out
}

/// One entry of the shown folder.
struct Entry {
    name: String,
    dir: bool,
}

/// The folder's sub-folders, then its files of the wanted types; hidden entries left out.
fn list(dir: &Path, exts: &[&str], all: bool) -> Result<Vec<Entry>, std::io::Error> {
    let mut out: Vec<Entry> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let is_dir = e.path().is_dir();
            let wanted = is_dir
                || all
                || Path::new(&name)
                    .extension()
                    .is_some_and(|x| exts.iter().any(|w| x.eq_ignore_ascii_case(w)));
            (!name.starts_with('.') && wanted).then_some(Entry { name, dir: is_dir })
        })
        .collect();
    out.sort_by(|a, b| b.dir.cmp(&a.dir).then_with(|| a.name.cmp(&b.name)));
    Ok(out)
}

/// Shows the browser of `state.prompt` (if any) and carries out the chosen action.
pub fn show(ctx: &egui::Context, state: &mut AppState) {
    let Some(mut prompt) = state.prompt.clone() else {
        return;
    };
    let lang = state.lang();
    let mut close = false;
    let mut chosen: Option<PathBuf> = None;
    egui::Modal::new(egui::Id::unique("path_prompt")).show(ctx, |ui| {
        let screen = ctx.content_rect();
        let width = (screen.width() - 80.0).clamp(320.0, 760.0);
        ui.set_width(width);
        ui.heading(match prompt.purpose {
            PathPurpose::Open => t(lang, "file_open"),
            PathPurpose::SaveAs => t(lang, "file_save_as"),
            PathPurpose::Export(_) => t(lang, "file_export"),
            PathPurpose::Import => t(lang, "file_import"),
        });
        ui.label(t(lang, "path_prompt_help"));
        folder_row(ui, &mut prompt, lang);
        let list_height = (screen.height() - 330.0).clamp(120.0, 360.0);
        ui.horizontal_top(|ui| {
            // A steady height, so the buttons do not jump from folder to folder.
            ui.set_min_height(list_height.min(200.0));
            ui.vertical(|ui| {
                ui.set_width(150.0);
                ui.strong(t(lang, "fil_places"));
                egui::ScrollArea::vertical()
                    .id_salt("fb_places")
                    .max_height(list_height)
                    .show(ui, |ui| {
                        for (label, p) in places(lang, &state.settings.recent) {
                            let r = ui.selectable_label(prompt.dir == p, label);
                            if r.on_hover_text(p.display().to_string()).clicked() {
                                prompt.dir = p;
                            }
                        }
                    });
            });
            // (A separator here would take the modal's height and grow it every frame.)
            ui.add_space(12.0);
            ui.vertical(|ui| entries_ui(ui, &mut prompt, lang, list_height, &mut chosen));
        });
        ui.horizontal(|ui| {
            ui.label(t(lang, "fil_type"));
            let exts = extensions(prompt.purpose);
            let these = exts
                .iter()
                .map(|e| format!("*.{e}"))
                .collect::<Vec<_>>()
                .join(" ");
            ui.radio_value(&mut prompt.all_files, false, these);
            ui.radio_value(&mut prompt.all_files, true, t(lang, "fil_all_files"));
        });
        let r = ui
            .add(egui::TextEdit::singleline(&mut prompt.text).desired_width(width))
            .accessible_name(t(lang, "path"));
        if r.changed() {
            prompt.overwrite = None;
        }
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.label(
            egui::RichText::new(tf(
                lang,
                "fil_target",
                &[("path", &crate::io::full_path(&prompt.target()))],
            ))
            .weak(),
        );
        if let Some(p) = &prompt.overwrite {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                tf(lang, "fil_overwrite", &[("path", &p.display().to_string())]),
            );
        }
        ui.horizontal(|ui| {
            let ok_label = if prompt.overwrite.is_some() {
                t(lang, "fil_overwrite_yes")
            } else {
                t(lang, "ok")
            };
            if ui.button(ok_label).clicked() || enter {
                chosen = chosen.take().or_else(|| Some(prompt.target()));
            }
            if ui.button(t(lang, "cancel")).clicked() {
                close = true;
            }
        });
        if let Some(n) = &state.notice
            && n.error
        {
            ui.colored_label(ui.visuals().error_fg_color, &n.text);
        }
    });
    if let Some(path) = chosen
        && !close
    {
        close = act(state, &mut prompt, lang, path);
    }
    state.prompt = if close { None } else { Some(prompt) };
}

/// "Up" and the shown folder (a field: a folder typed there is opened).
fn folder_row(ui: &mut egui::Ui, prompt: &mut PathPrompt, lang: Lang) {
    ui.horizontal(|ui| {
        let parent = prompt.dir.parent().map(Path::to_path_buf);
        if ui
            .add_enabled(parent.is_some(), egui::Button::new(t(lang, "fil_up")))
            .clicked()
            && let Some(p) = parent
        {
            prompt.dir = p;
        }
        ui.label(t(lang, "fil_folder"));
        ui.add(egui::Label::new(prompt.dir.display().to_string()).truncate());
    });
}

fn entries_ui(
    ui: &mut egui::Ui,
    prompt: &mut PathPrompt,
    lang: Lang,
    height: f32,
    chosen: &mut Option<PathBuf>,
) {
    let exts = extensions(prompt.purpose);
    match list(&prompt.dir, exts, prompt.all_files) {
        Err(e) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                tf(
                    lang,
                    "fil_cannot_list",
                    &[
                        ("path", &prompt.dir.display().to_string()),
                        ("cause", &crate::io::os_error(lang, &e)),
                    ],
                ),
            );
        }
        Ok(entries) => {
            egui::ScrollArea::vertical()
                .id_salt("fb_entries")
                .max_height(height)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    if entries.is_empty() {
                        ui.label(egui::RichText::new(t(lang, "fil_empty")).weak());
                    }
                    for e in entries {
                        let label = if e.dir {
                            format!("{}/", e.name)
                        } else {
                            e.name.clone()
                        };
                        let selected = !e.dir && prompt.text == e.name;
                        let r = ui.selectable_label(selected, label);
                        if r.double_clicked() && !e.dir {
                            *chosen = Some(prompt.dir.join(&e.name));
                        } else if r.clicked() {
                            if e.dir {
                                prompt.dir = prompt.dir.join(&e.name);
                            } else {
                                prompt.text = e.name.clone();
                                prompt.overwrite = None;
                            }
                        }
                    }
                });
        }
    }
}

/// Carries out the browser's action on `path`; true when the browser can close.
fn act(state: &mut AppState, prompt: &mut PathPrompt, lang: Lang, path: PathBuf) -> bool {
    use super::state::Notice;
    if path.is_dir() {
        // A folder typed or picked: open it instead.
        prompt.dir = path;
        prompt.text.clear();
        return false;
    }
    if prompt.saves() {
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
            && !dir.is_dir()
        {
            state.notice = Some(Notice {
                text: tf(
                    lang,
                    "fil_no_folder",
                    &[("path", &crate::io::full_path(dir))],
                ),
                error: true,
            });
            return false;
        }
        if path.exists() && prompt.overwrite.as_ref() != Some(&path) {
            prompt.overwrite = Some(path);
            return false;
        }
    }
    match prompt.purpose {
        PathPurpose::Open => state.open(&path),
        PathPurpose::SaveAs => state.save_to(&path),
        PathPurpose::Export(ExportKind::Template) => state.write_template(&path),
        PathPurpose::Export(kind) => state.start_export(kind, &path),
        PathPurpose::Import => {
            let session = import_dialog::ImportSession::start_background(state, &path);
            state.import = Some(session);
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quick_none_means_no_dialog_and_a_slow_one_a_cancel() {
        assert!(matches!(native(false, || None), Picked::Unavailable));
        assert!(matches!(native(true, || None), Picked::Unavailable));
        let slow = native(true, || {
            std::thread::sleep(NO_DIALOG + Duration::from_millis(50));
            None
        });
        assert!(matches!(slow, Picked::Cancelled));
        let p = PathBuf::from("a.ron");
        assert!(matches!(native(true, || Some(p.clone())), Picked::Chosen(q) if q == p));
    }

    #[test]
    fn a_bare_name_lands_in_the_shown_folder_with_its_extension() {
        let dir = std::env::temp_dir();
        let mut p = PathPrompt::new(PathPurpose::Export(ExportKind::Xlsx), "报告", &[]);
        p.dir = dir.clone();
        assert_eq!(p.target(), dir.join("报告.xlsx"));
        // Opening adds nothing; a full path is taken as typed.
        let mut o = PathPrompt::new(PathPurpose::Open, "", &[]);
        o.dir = dir.clone();
        o.text = dir.join("x.ron").display().to_string();
        assert_eq!(o.target(), dir.join("x.ron"));
        // A suggestion with an existing folder opens that folder.
        let s = PathPrompt::new(
            PathPurpose::SaveAs,
            &dir.join("y.ron").display().to_string(),
            &[],
        );
        assert_eq!((s.dir, s.text.as_str()), (dir, "y.ron"));
    }
}
