//! `use_offline`: reading offline. Registers the service worker (`sw.js`,
//! next to index.html; see the long comment at its top) when the page is
//! served over http(s), and reports what it says: whether a snapshot of the
//! app and its article set is stored (the next load works offline), and
//! whether a newer one has been downloaded, to be used on the next load.
//!
//! A `file://` page, a browser without service workers, or a page where
//! they are blocked is simply `Unavailable`: the page works as before.

use crate::js::{self, Mark, WorkerMessage};
use crate::library::Origin;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    MessageEvent, ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration,
    ServiceWorkerState,
};
use yew::prelude::*;

/// Whether the page can be read offline next time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfflineStatus {
    /// Not served over http(s), no service workers in this browser, or
    /// registering failed.
    Unavailable,
    /// Registering, or the first snapshot is still being stored.
    Pending,
    /// A complete snapshot is stored: the next load works offline.
    Ready,
}

impl OfflineStatus {
    /// As written in the notice's `data-offline` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            OfflineStatus::Unavailable => js::OFFLINE_UNAVAILABLE,
            OfflineStatus::Pending => js::OFFLINE_PENDING,
            OfflineStatus::Ready => js::OFFLINE_READY,
        }
    }
}

/// What a newer stored snapshot changes, compared with this page's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NewVersion {
    /// A new build of Broadsheet (index.html or its files changed).
    pub app: bool,
    /// A new `static/articles.json`.
    pub articles: bool,
}

/// What [`use_offline`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offline {
    pub status: OfflineStatus,
    /// Set once a newer snapshot is stored; it applies on the next load.
    pub new_version: Option<NewVersion>,
    /// How many "newer snapshot" messages arrived, so a notice the reader
    /// dismissed shows again for a later one.
    pub updates: u32,
}

enum Event {
    Unavailable,
    Stored,
    Update(NewVersion),
}

/// The hook's state: [`Offline`], updated by what the worker says.
#[derive(PartialEq)]
struct State(Offline);

impl Reducible for State {
    type Action = Event;

    fn reduce(self: std::rc::Rc<Self>, event: Event) -> std::rc::Rc<Self> {
        let current = self.0;
        let mut next = current;
        match event {
            // A late registration failure never hides a stored snapshot.
            Event::Unavailable if current.status != OfflineStatus::Ready => {
                next.status = OfflineStatus::Unavailable
            }
            Event::Unavailable => {}
            Event::Stored => next.status = OfflineStatus::Ready,
            Event::Update(change) => {
                next.status = OfflineStatus::Ready;
                let before = current.new_version.unwrap_or_default();
                next.new_version = Some(NewVersion {
                    app: before.app || change.app,
                    articles: before.articles || change.articles,
                });
                next.updates += 1;
            }
        }
        State(next).into()
    }
}

/// Registers the service worker once, and follows its messages for as long
/// as the component is mounted.
#[hook]
pub fn use_offline() -> Offline {
    let offline = use_reducer_eq(|| {
        State(Offline {
            status: OfflineStatus::Pending,
            new_version: None,
            updates: 0,
        })
    });
    let dispatcher = offline.dispatcher();
    use_effect_with((), move |_| {
        let listening = start(dispatcher);
        move || drop(listening)
    });
    offline.0
}

/// The message listener on `navigator.serviceWorker`, removed on drop.
struct Listening {
    container: ServiceWorkerContainer,
    _on_message: Closure<dyn Fn(MessageEvent)>,
}

impl Drop for Listening {
    fn drop(&mut self) {
        self.container.set_onmessage(None);
    }
}

fn start(dispatcher: UseReducerDispatcher<State>) -> Option<Listening> {
    let window = gloo::utils::window();
    let protocol = window.location().protocol().unwrap_or_default();
    let navigator = window.navigator();
    // Absent on file:// and other insecure pages, and in some browsers.
    let has_workers = js_sys::Reflect::get(&navigator, &"serviceWorker".into())
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !matches!(protocol.as_str(), "http:" | "https:") || !has_workers {
        dispatcher.dispatch(Event::Unavailable);
        return None;
    }
    let container = navigator.service_worker();
    // A page showing `?data=URL` does not show the bundled set: a new one
    // is no news to it (a new app still is).
    let other_set = matches!(crate::article_set_source().1, Origin::Url(_));
    // The worker says it stored the first snapshot while it is still
    // installing; a reload then is not yet served by it (nothing claims an
    // open page). So "ready" waits until the worker is activated: the
    // status it is asked for then says so again.
    let activated = Rc::new(Cell::new(false));
    let on_message = {
        let dispatcher = dispatcher.clone();
        let activated = activated.clone();
        Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            if !activated.get() && is_stored_message(&data) {
                return;
            }
            if let Some(event) = read_message(&data, other_set) {
                dispatcher.dispatch(event);
            }
        })
    };
    // `onmessage` (unlike addEventListener) also delivers the messages the
    // worker sent before this listener existed.
    container.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    {
        let container = container.clone();
        wasm_bindgen_futures::spawn_local(async move {
            // The worker's first install downloads the whole app again to
            // store it: not before the reader has the first cards and the
            // set has arrived whole (the cards show while it streams), or
            // ten seconds have passed without them, e.g. a failed load.
            for _ in 0..100 {
                if crate::perf::marked(Mark::Cards) && crate::perf::marked(Mark::Fetched) {
                    break;
                }
                gloo_timers::future::TimeoutFuture::new(100).await;
            }
            if let Err(()) = register(&container).await {
                dispatcher.dispatch(Event::Unavailable);
                return;
            }
            // Resolves once the worker is active, that is once it stored a
            // snapshot; once it is activated (it serves the next load), it
            // says what it has.
            let Ok(ready) = container.ready() else { return };
            let Ok(registration) = JsFuture::from(ready).await else {
                return;
            };
            let registration: ServiceWorkerRegistration = registration.unchecked_into();
            if let Some(worker) = activated_worker(&registration).await {
                activated.set(true);
                let _ = worker.post_message(&WorkerMessage::new(js::STATUS_MESSAGE));
            }
        });
    }
    Some(Listening {
        container,
        _on_message: on_message,
    })
}

/// The registration's active worker once its state is `activated` (its
/// activate handler has finished: navigations go to it), or None if it
/// became redundant and no other took its place.
async fn activated_worker(registration: &ServiceWorkerRegistration) -> Option<ServiceWorker> {
    loop {
        let worker = registration.active()?;
        match worker.state() {
            ServiceWorkerState::Activated => return Some(worker),
            ServiceWorkerState::Redundant => {
                // A newer worker replaced it: follow that one.
                if registration.active().is_some_and(|w| w == worker) {
                    return None;
                }
            }
            _ => {
                let changed = js_sys::Promise::new(&mut |resolve, _| {
                    worker.set_onstatechange(Some(&resolve));
                });
                let _ = JsFuture::from(changed).await;
                worker.set_onstatechange(None);
            }
        }
    }
}

/// Registers `sw.js`, unless it already controls this page: then the
/// browser checks it for updates itself, and offline a registration would
/// only fail.
async fn register(container: &ServiceWorkerContainer) -> Result<(), ()> {
    let location = gloo::utils::window().location();
    let script = location
        .href()
        .ok()
        .and_then(|href| web_sys::Url::new_with_base(js::SERVICE_WORKER_URL, &href).ok())
        .map(|u| u.href());
    if let (Some(controller), Some(script)) = (container.controller(), script) {
        if controller.script_url() == script {
            return Ok(());
        }
    }
    let registration = JsFuture::from(container.register(js::SERVICE_WORKER_URL))
        .await
        .map_err(|_| ())?;
    // A browser (or test) that blocks service workers may resolve with
    // nothing at all.
    if registration.is_instance_of::<ServiceWorkerRegistration>() {
        Ok(())
    } else {
        Err(())
    }
}

/// Whether `data` is the worker's "stored" message (sent when it has
/// stored a snapshot, which at its first install is before it activates).
fn is_stored_message(data: &JsValue) -> bool {
    data.is_object()
        && data
            .unchecked_ref::<WorkerMessage>()
            .kind()
            .as_string()
            .is_some_and(|kind| kind == js::STORED_MESSAGE)
}

/// The worker's messages (see sw.js), as events; anything else is ignored.
fn read_message(data: &JsValue, other_set: bool) -> Option<Event> {
    let change = |message: &WorkerMessage| {
        let change = NewVersion {
            app: message.app().is_truthy(),
            articles: message.articles().is_truthy() && !other_set,
        };
        (change.app || change.articles).then_some(Event::Update(change))
    };
    if !data.is_object() {
        return None;
    }
    let message: &WorkerMessage = data.unchecked_ref();
    match message.kind().as_string()?.as_str() {
        js::STORED_MESSAGE => Some(Event::Stored),
        js::UPDATE_MESSAGE => Some(change(message).unwrap_or(Event::Stored)),
        js::STATUS_MESSAGE => {
            let update = message.update();
            match (message.stored().is_truthy(), update.is_object()) {
                (_, true) => Some(change(update.unchecked_ref()).unwrap_or(Event::Stored)),
                (true, false) => Some(Event::Stored),
                (false, false) => None,
            }
        }
        _ => None,
    }
}
