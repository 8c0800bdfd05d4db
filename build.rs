//! The app's module is linked with its relocations: the build's split step
//! (`xtask/src/split.rs`) reads them to cut the screens loaded when opened into a chunk.
//! Only the app's own binary: the backup worker and the tests are not split.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo::rustc-link-arg-bin=bakkal=--emit-relocs");
    }
    println!("cargo::rerun-if-changed=build.rs");
}
