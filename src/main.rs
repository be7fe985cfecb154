//! Mounts the app; everything else lives in the library crate so that
//! browser tests can mount the same components.

fn main() {
    broadsheet::mount();
}
