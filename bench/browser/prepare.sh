# Shared set-up of the browser benchmarks (sourced by bench/browser.sh and
# bench/reader.sh): reads --no-build / --help, installs the npm packages
# when missing or outdated, and builds the release site.
# Usage: prepare_bench HELP_LAST_LINE "$@"   (leaves the shell in the repo root)
prepare_bench() {
    local help_end=$1; shift
    local script=${BASH_SOURCE[1]}
    root=$(cd "$(dirname "$script")/.." && pwd)
    local build=1 arg
    for arg in "$@"; do
        case "$arg" in
            --no-build) build=0 ;;
            -h|--help) sed -n "2,${help_end}p" "$script" | sed 's/^# \{0,1\}//'; exit 0 ;;
            *) echo "unknown argument: $arg" >&2; exit 2 ;;
        esac
    done
    cd "$root"
    # npm writes node_modules/.package-lock.json at install: newer means current.
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        printf '\n\033[1m== Installing the npm packages (npm ci)\033[0m\n'
        npm ci --no-audit --no-fund
    fi
    if [ "$build" = 1 ]; then
        ./dev build
    fi
    [ -f dist/index.html ] || { echo "dist/index.html is missing: run ./dev build" >&2; exit 1; }
}
