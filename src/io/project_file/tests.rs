//! Tests of the project file: round trips, backups, locks, messages.
use super::*;
use crate::i18n::Lang;

#[test]
fn round_trip_and_backup() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("p.ron");
    let mut p = Project::empty("测试");
    save(&p, &path)?;
    assert_eq!(load(&path)?, p);
    p.meta.name = "第二版".into();
    save(&p, &path)?;
    assert_eq!(load(&path)?.meta.name, "第二版");
    assert_eq!(load(&dir.path().join("p.ron.bak"))?.meta.name, "测试");
    let left: Vec<String> = fs::read_dir(dir.path())?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    Ok(())
}

#[test]
fn stale_temp_files_are_removed_by_the_next_save() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("p.ron");
    // What a save killed halfway leaves behind.
    fs::write(
        dir.path().join(".p.ron.4242.tmp"),
        "(schema_version: 1, meta: (na",
    )?;
    fs::write(dir.path().join(".p.ron.4242.bak.tmp"), "half")?;
    save(&Project::empty("新"), &path)?;
    assert!(!dir.path().join(".p.ron.4242.tmp").exists());
    assert!(!dir.path().join(".p.ron.4242.bak.tmp").exists());
    assert_eq!(load(&path)?.meta.name, "新");
    Ok(())
}

#[test]
fn stale_temp_files_are_removed_by_the_next_open() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("p.ron");
    save(&Project::empty("旧"), &path)?;
    fs::write(dir.path().join(".p.ron.77-0.tmp"), "(schema_ver")?;
    assert_eq!(load(&path)?.meta.name, "旧");
    assert!(!dir.path().join(".p.ron.77-0.tmp").exists());
    Ok(())
}

#[cfg(unix)]
#[test]
fn save_keeps_permissions_and_symlinks() -> Result<(), Box<dyn std::error::Error>> {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir()?;
    let real = dir.path().join("real.ron");
    save(&Project::empty("一"), &real)?;
    fs::set_permissions(&real, fs::Permissions::from_mode(0o600))?;
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&real, &link)?;
    save(&Project::empty("二"), &link)?;
    assert!(fs::symlink_metadata(&link)?.file_type().is_symlink());
    assert_eq!(load(&real)?.meta.name, "二");
    assert_eq!(fs::metadata(&real)?.permissions().mode() & 0o777, 0o600);
    assert_eq!(load(&dir.path().join("real.ron.bak"))?.meta.name, "一");
    Ok(())
}

#[test]
fn concurrent_saves_each_leave_a_whole_file() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("p.ron");
    save(&Project::empty("起点"), &path)?;
    let names: Vec<String> = (0..8).map(|i| format!("项目{i}")).collect();
    std::thread::scope(|s| {
        for n in &names {
            let path = &path;
            s.spawn(move || save(&Project::empty(n), path));
        }
    });
    let last = load(&path)?.meta.name;
    assert!(names.contains(&last), "{last}");
    let bak = load(&dir.path().join("p.ron.bak"))?.meta.name;
    assert!(bak == "起点" || names.contains(&bak), "{bak}");
    Ok(())
}

#[test]
fn failed_save_keeps_previous_file() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("p.ron");
    save(&Project::empty("原始"), &path)?;
    // A file that cannot be replaced makes the write fail: a directory in its place.
    fs::remove_file(&path)?;
    fs::create_dir(&path)?;
    fs::write(path.join("keep"), "x")?;
    assert!(save(&Project::empty("新"), &path).is_err());
    assert_eq!(fs::read_to_string(path.join("keep"))?, "x");
    let left = fs::read_dir(dir.path())?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    assert_eq!(left, 0);
    Ok(())
}

#[test]
fn newer_schema_is_refused() {
    let text = "(schema_version: 99, meta: (name: \"x\"))";
    match load_str(text, "new.ron") {
        Err(ProjectFileError::NewerSchema { found: 99, .. }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn errors_name_line_column_and_cause_in_chinese() {
    let mut text = to_ron_string(&Project::empty("x")).unwrap_or_default();
    text = text.replace("name: \"x\"", "name: \"x\", colour: 3");
    match load_str(&text, "bad.ron") {
        Err(e @ ProjectFileError::Parse { line, .. }) => {
            assert!(line > 1);
            let zh = e.message(Lang::Zh);
            assert!(zh.contains("未知字段 `colour`"), "{zh}");
            assert!(zh.starts_with(&format!("bad.ron 第 {line} 行")), "{zh}");
        }
        other => panic!("{other:?}"),
    }
    // A missing comma: the cause is Chinese, not ron's "Expected comma".
    let no_comma = text.replacen(",\n", "\n", 3);
    let zh = match load_str(&no_comma, "c.ron") {
        Err(e) => e.message(Lang::Zh),
        Ok(_) => panic!("parsed"),
    };
    assert!(!zh.contains("Expected") && zh.contains("第"), "{zh}");
}

#[test]
fn truncation_is_called_truncation_at_every_cut() {
    let text = crate::sample::SAMPLE_RON;
    let mut cuts = 0;
    for i in 1..40 {
        let mut at = text.len() * i / 40;
        while !text.is_char_boundary(at) {
            at += 1;
        }
        match load_str(&text[..at], "cut.ron") {
            Err(ProjectFileError::Truncated { .. }) => cuts += 1,
            other => panic!("cut at {at}: {:?}", other.map(|_| ())),
        }
    }
    assert_eq!(cuts, 39);
    let msg = match load_str(&text[..text.len() / 2], "cut.ron") {
        Err(e) => e.message(Lang::Zh),
        Ok(_) => panic!("parsed"),
    };
    assert!(msg.contains("被截断") && !msg.contains(".bak"), "{msg}");
    // From disk, beside a backup: the message points to it.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("p.ron");
    fs::write(&path, &text[..text.len() / 3]).unwrap_or_default();
    fs::write(dir.path().join("p.ron.bak"), text).unwrap_or_default();
    let msg = load(&path)
        .err()
        .map(|e| e.message(Lang::Zh))
        .unwrap_or_default();
    assert!(msg.contains("被截断") && msg.contains("p.ron.bak"), "{msg}");
}

#[test]
fn bom_empty_gbk_duplicates_and_schema_zero() {
    let text = to_ron_string(&Project::empty("资溪")).unwrap_or_default();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    assert!(load_bytes(&bom, "bom.ron").is_ok());
    assert!(load_str(&format!("\u{FEFF}{text}"), "bom.ron").is_ok());
    match load_bytes(b"", "e.ron") {
        Err(e @ ProjectFileError::Empty { .. }) => {
            assert_eq!(e.message(Lang::Zh), "e.ron 是空文件，不含任何项目内容")
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let offset = text.find("资").unwrap_or_default();
    match load_bytes(&gbk, "g.ron") {
        Err(e @ ProjectFileError::NotUtf8 { .. }) => {
            let zh = e.message(Lang::Zh);
            assert!(
                zh.contains("GBK") && zh.contains(&format!("第 {offset} 字节")),
                "{zh}"
            );
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
    let zero = text.replacen("schema_version: 1", "schema_version: 0", 1);
    assert!(matches!(
        load_str(&zero, "z.ron"),
        Err(ProjectFileError::BadSchema { found: 0, .. })
    ));
    let mut p = Project::empty("x");
    p.import_mappings.insert("降雨".into(), "a".into());
    p.import_mappings.insert("降水".into(), "b".into());
    let dup = to_ron_string(&p)
        .unwrap_or_default()
        .replace("\"降水\"", "\"降雨\"");
    match load_str(&dup, "d.ron") {
        Err(e @ ProjectFileError::DuplicateKey { .. }) => {
            assert!(e.message(Lang::Zh).contains("\"降雨\" 在同一处出现了两次"))
        }
        other => panic!("{:?}", other.map(|_| ())),
    }
}

#[test]
fn a_lock_held_over_load_and_save_keeps_both_writers_work() -> Result<(), Box<dyn std::error::Error>>
{
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("p.ron");
    save(&Project::empty("起点"), &path)?;
    // Eight "imports", each adding one mapping by load–change–save under the lock.
    std::thread::scope(|s| {
        for i in 0..8 {
            let path = &path;
            s.spawn(move || -> Result<(), ProjectFileError> {
                let lock = ProjectLock::acquire(path)?;
                let mut p = lock.load()?;
                p.import_mappings.insert(format!("列{i}"), "x".into());
                std::thread::sleep(std::time::Duration::from_millis(5));
                lock.save(&p)
            });
        }
    });
    assert_eq!(load(&path)?.import_mappings.len(), 8);
    Ok(())
}
