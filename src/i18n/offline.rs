//! Texts of the installed, offline app: the new-version notice (English and Turkish side by
//! side).

pub struct Offline {
    /// Shown when a new version has been installed and waits for the user.
    pub update_ready: &'static str,
    /// The notice's button: the new version takes over and the page reloads.
    pub reload: &'static str,
}

pub const EN: Offline = Offline {
    update_ready: "A new version is ready",
    reload: "Reload",
};

pub const TR: Offline = Offline {
    update_ready: "Yeni sürüm hazır",
    reload: "Yeniden yükle",
};
