fn main() {
    // A bug must not leave a half-written import nor a dead page: abort open writes, say
    // where it happened (console), and offer a way back to the data.
    std::panic::set_hook(Box::new(|info| {
        bakkal::store::abort_open_writes();
        web_sys::console::error_1(&format!("Bakkal stopped: {info}").into());
        bakkal::browser::show_crash_notice();
    }));
    leptos::mount::mount_to_body(bakkal::ui::App);
    // Offline: the service worker, once the app runs.
    bakkal::offline::register();
}
