fn main() {
    leptos::mount::mount_to_body(bakkal::ui::App);
}
