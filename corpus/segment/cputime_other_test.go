//go:build !unix

package segment

import "time"

// cpuTime is unavailable here; the large-input test then checks wall time only.
func cpuTime() time.Duration { return 0 }
