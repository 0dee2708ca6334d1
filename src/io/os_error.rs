//! Operating-system file errors in the display language: the kind of an `std::io::Error`
//! (not found, no permission, disk full …) as one sentence with what to do, instead of the
//! OS's English text ("No such file or directory (os error 2)"). Only the wording lives here;
//! the errors come from `project_file`, exports and the app's file browser.

use std::io::ErrorKind;
use std::path::Path;

use crate::i18n::{Lang, t, tf};

/// The error `e` in `lang`: a translated sentence for the common kinds, the OS text otherwise.
pub fn os_error(lang: Lang, e: &std::io::Error) -> String {
    let key = match e.kind() {
        ErrorKind::NotFound => "fil_os_not_found",
        ErrorKind::PermissionDenied => "fil_os_permission",
        ErrorKind::AlreadyExists => "fil_os_exists",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "fil_os_full",
        ErrorKind::ReadOnlyFilesystem => "fil_os_read_only",
        ErrorKind::IsADirectory => "fil_os_is_dir",
        ErrorKind::NotADirectory => "fil_os_not_dir",
        ErrorKind::InvalidFilename | ErrorKind::InvalidInput => "fil_os_bad_name",
        ErrorKind::ResourceBusy | ErrorKind::WouldBlock => "fil_os_busy",
        ErrorKind::FileTooLarge => "fil_os_too_large",
        ErrorKind::InvalidData | ErrorKind::UnexpectedEof => "fil_os_bad_data",
        _ => {
            return match e.raw_os_error() {
                Some(code) => tf(lang, "fil_os_other", &[("code", &code.to_string())]),
                None => tf(lang, "fil_os_unknown", &[("cause", &e.to_string())]),
            };
        }
    };
    t(lang, key).to_string()
}

/// `path` as the user should see it: absolute (a bare name says nothing about its folder).
pub fn full_path(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_errors_are_translated_and_name_the_full_path() {
        let missing = std::io::Error::from(ErrorKind::NotFound);
        assert_eq!(os_error(Lang::Zh, &missing), "文件夹或文件不存在");
        assert_eq!(
            os_error(Lang::En, &missing),
            "the folder or file does not exist"
        );
        // A real OS error from the file system, not a made-up one.
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("no_such_folder").join("x.ron");
        let project = crate::model::Project::empty("x");
        let err = match super::super::save(&project, &path) {
            Err(e) => e,
            Ok(()) => panic!("saving into a missing folder must fail"),
        };
        let zh = err.message(Lang::Zh);
        assert!(zh.starts_with("无法保存 "), "{zh}");
        assert!(zh.contains(&path.display().to_string()), "{zh}");
        assert!(zh.contains("文件夹或文件不存在"), "{zh}");
        assert!(!zh.contains("os error") && !zh.contains("No such"), "{zh}");
        // A bare name is shown with its folder.
        let bare = full_path(Path::new("zixi.ron"));
        assert!(Path::new(&bare).is_absolute(), "{bare}");
        assert!(bare.ends_with("zixi.ron"));
    }
}
