//go:build browser

package report

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestBrowser renders two reports and loads each in headless Chromium (/usr/bin/chromium):
//   - the default corpus, produced by `go run ./cmd/stanceshift run --out TMP` from the repository
//     root, plus the synthetic optional reports of testdata/fixture (which use the default corpus's
//     provision ids): every provision section and chart is present, the status filter hides and
//     shows sections, the anchors of every provision resolve, there are no console errors;
//   - testdata/xss: the injected scripts and handlers did not run (window.__xss is undefined).
//
// Run: go test -tags browser ./results/report/ -run Browser -v
func TestBrowser(t *testing.T) {
	start := time.Now()
	chromium := "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not installed: .ci/run installs it (apt-get install -y chromium): %v", chromium, err)
		}
		t.Skipf("%s not installed (apt-get install -y chromium): %v", chromium, err)
	}
	out := t.TempDir()
	cmd := exec.Command("go", "run", "./cmd/stanceshift", "run", "--quiet", "--out", out)
	cmd.Dir = filepath.Join("..", "..")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("stanceshift run: %v\n%s", err, b)
	}
	t.Logf("pipeline run: %v", time.Since(start).Round(time.Millisecond))
	for _, f := range optional {
		b, err := os.ReadFile(filepath.Join("testdata", "fixture", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Write(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	in, err := readInputs(out)
	if err != nil {
		t.Fatal(err)
	}
	charts, _ := filepath.Glob(filepath.Join(out, "charts", "*.svg"))

	xss := copyDir(t, "testdata/xss")
	if _, err := Write(context.Background(), xss); err != nil {
		t.Fatal(err)
	}

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1200, 900),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	var mu sync.Mutex
	var problems []string
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				var args []string
				for _, a := range ev.Args {
					args = append(args, fmt.Sprintf("%s", a.Value))
				}
				problems = append(problems, "console.error: "+strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
				problems = append(problems, fmt.Sprintf("log %s: %s", ev.Entry.Level, ev.Entry.Text))
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	eval := func(js string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return n
	}

	// The default-corpus report.
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(out, "report.html")),
		chromedp.WaitReady(chromedp.CSS("#filters"))); err != nil {
		t.Fatal(err)
	}
	sections := eval(`document.querySelectorAll("section.prov").length`)
	if want := len(in.align) + countUnaligned(in); sections != want {
		t.Errorf("%d provision sections, want %d", sections, want)
	}
	for _, p := range in.provs {
		if eval(fmt.Sprintf(`document.getElementById(%q) ? 1 : 0`, Anchor(p.ID))) != 1 {
			t.Errorf("no element with id %q", Anchor(p.ID))
		}
	}
	imgs := eval(`Array.from(document.querySelectorAll("figure.chart img")).filter(i => i.complete && i.naturalWidth > 0).length`)
	if imgs != len(charts) || imgs == 0 {
		t.Errorf("%d charts loaded, want %d", imgs, len(charts))
	}
	if eval(`document.getElementById("filters").hidden ? 1 : 0`) != 0 {
		t.Errorf("filters still hidden: the script did not run")
	}
	visible := `Array.from(document.querySelectorAll("section.prov")).filter(s => s.offsetParent !== null).length`
	if v := eval(visible); v != sections {
		t.Errorf("%d of %d sections visible before filtering", v, sections)
	}
	modified := eval(`document.querySelectorAll('section.prov[data-status="modified"]').length`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#filters input[name=status][value=modified]`))); err != nil {
		t.Fatal(err)
	}
	if v := eval(visible); v != sections-modified || modified == 0 {
		t.Errorf("after unticking modified: %d visible, want %d (%d modified)", v, sections-modified, modified)
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(function(){var s=document.querySelector("select[name=concept]");s.value="equal_role";s.dispatchEvent(new Event("change",{bubbles:true}));})()`)); err != nil {
		t.Fatal(err)
	}
	withConcept := eval(`document.querySelectorAll('section.prov[data-concepts~="equal_role"]:not([data-status="modified"])').length`)
	if v := eval(visible); v != withConcept {
		t.Errorf("concept filter: %d visible, want %d", v, withConcept)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#filters button[type=reset]`))); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if v := eval(visible); v != sections {
		t.Errorf("after reset: %d visible, want %d", v, sections)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
	if err != nil {
		t.Fatal(err)
	}
	shotPath := filepath.Join(os.TempDir(), "stanceshift-report-browser.jpg")
	if err := os.WriteFile(shotPath, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes); report: %s", shotPath, len(shot), filepath.Join(out, "report.html"))

	// The injection fixture.
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(xss, "report.html")),
		chromedp.WaitReady(chromedp.CSS("#filters"))); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if eval(`typeof window.__xss === "undefined" ? 1 : 0`) != 1 {
		t.Errorf("injected script ran: window.__xss = %d", eval(`window.__xss|0`))
	}
	if eval(`document.querySelectorAll("img:not(figure.chart img), svg, iframe, object, embed").length`) != 0 {
		t.Errorf("injected elements in the DOM")
	}
	if eval(`document.scripts.length`) != 1 {
		t.Errorf("%d script elements, want 1", eval(`document.scripts.length`))
	}

	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		if strings.Contains(p, "favicon") {
			continue
		}
		t.Errorf("browser reported: %s", p)
	}
	t.Logf("browser test took %v", time.Since(start).Round(time.Millisecond))
}

func countUnaligned(in *inputs) int {
	seen := map[string]bool{}
	for _, a := range in.align {
		seen[a.From], seen[a.To] = true, true
	}
	n := 0
	for _, p := range in.provs {
		if !seen[p.ID] {
			n++
		}
	}
	return n
}
