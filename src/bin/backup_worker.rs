//! The backup worker's module (a Web Worker the Backup page starts; see `src/worker/`).

fn main() {
    bakkal::worker::job::run();
}
