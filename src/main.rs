fn main() {
    // A bug should at least say where it happened, in the browser console.
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("Bakkal stopped: {info}").into());
    }));
    leptos::mount::mount_to_body(bakkal::ui::App);
}
