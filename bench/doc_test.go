// Package bench holds the benchmarks of docs/performance.md that run peil
// as a program or against another tool: the first screen against a
// minimal Bubble Tea program, the trend tables against pandas and the .sav
// export against PSPP (helper scripts in this folder). Each measures peil
// and its peer in the same run and reports their ratio. They are
// benchmarks, not tests: `go test ./...` runs none of them, and those
// whose peer is missing (python3-pandas, pspp) skip.
//
//	go test ./bench -run XXX -bench . -benchtime 5x -count 3
package bench_test
