package tui

import (
	"context"
	"errors"

	"peil/analysis"
	"peil/backend"
)

// The tests' backends: each implements Backend with one function, and
// says "not available" for the rest.
type (
	trendsFunc  func(ctx context.Context, studyID, instrumentID string, opts ...analysis.Option) (*analysis.Report, error)
	exportFunc  func(ctx context.Context, req backend.ExportRequest, progress func(done, total int)) (string, error)
	importFunc  func(ctx context.Context, paths []string, identity string, progress func(done, total int)) (backend.ImportSummary, error)
	prepareFunc func(ctx context.Context, studyID string)
)

var errNotInTest = errors.New("not available in this test")

func (f trendsFunc) Trends(ctx context.Context, studyID, instrumentID string, opts ...analysis.Option) (*analysis.Report, error) {
	return f(ctx, studyID, instrumentID, opts...)
}
func (trendsFunc) PrepareTrends(context.Context, string) {}
func (trendsFunc) ExportFile(context.Context, backend.ExportRequest, func(int, int)) (string, error) {
	return "", errNotInTest
}
func (trendsFunc) ImportPackages(context.Context, []string, string, func(int, int)) (backend.ImportSummary, error) {
	return backend.ImportSummary{}, errNotInTest
}

func (exportFunc) Trends(context.Context, string, string, ...analysis.Option) (*analysis.Report, error) {
	return nil, errNotInTest
}
func (exportFunc) PrepareTrends(context.Context, string) {}
func (f exportFunc) ExportFile(ctx context.Context, req backend.ExportRequest, progress func(int, int)) (string, error) {
	return f(ctx, req, progress)
}
func (exportFunc) ImportPackages(context.Context, []string, string, func(int, int)) (backend.ImportSummary, error) {
	return backend.ImportSummary{}, errNotInTest
}

func (importFunc) Trends(context.Context, string, string, ...analysis.Option) (*analysis.Report, error) {
	return nil, errNotInTest
}
func (importFunc) PrepareTrends(context.Context, string) {}
func (importFunc) ExportFile(context.Context, backend.ExportRequest, func(int, int)) (string, error) {
	return "", errNotInTest
}
func (f importFunc) ImportPackages(ctx context.Context, paths []string, identity string, progress func(int, int)) (backend.ImportSummary, error) {
	return f(ctx, paths, identity, progress)
}

func (prepareFunc) Trends(context.Context, string, string, ...analysis.Option) (*analysis.Report, error) {
	return nil, errNotInTest
}
func (f prepareFunc) PrepareTrends(ctx context.Context, studyID string) { f(ctx, studyID) }
func (prepareFunc) ExportFile(context.Context, backend.ExportRequest, func(int, int)) (string, error) {
	return "", errNotInTest
}
func (prepareFunc) ImportPackages(context.Context, []string, string, func(int, int)) (backend.ImportSummary, error) {
	return backend.ImportSummary{}, errNotInTest
}
func (trendsFunc) SyncStatus(context.Context) (backend.SyncStatus, error) {
	return backend.SyncStatus{}, nil
}
func (trendsFunc) SyncNow(context.Context) (backend.SyncReport, error) {
	return backend.SyncReport{}, errNotInTest
}
func (exportFunc) SyncStatus(context.Context) (backend.SyncStatus, error) {
	return backend.SyncStatus{}, nil
}
func (exportFunc) SyncNow(context.Context) (backend.SyncReport, error) {
	return backend.SyncReport{}, errNotInTest
}
func (importFunc) SyncStatus(context.Context) (backend.SyncStatus, error) {
	return backend.SyncStatus{}, nil
}
func (importFunc) SyncNow(context.Context) (backend.SyncReport, error) {
	return backend.SyncReport{}, errNotInTest
}
func (prepareFunc) SyncStatus(context.Context) (backend.SyncStatus, error) {
	return backend.SyncStatus{}, nil
}
func (prepareFunc) SyncNow(context.Context) (backend.SyncReport, error) {
	return backend.SyncReport{}, errNotInTest
}

// syncFake is a backend that joined a hub: status and sync are its
// answers, and it counts the syncs it was asked for.
type syncFake struct {
	trendsFunc
	status func() (backend.SyncStatus, error)
	sync   func() (backend.SyncReport, error)
	syncs  int
}

func (f *syncFake) SyncStatus(context.Context) (backend.SyncStatus, error) { return f.status() }
func (f *syncFake) SyncNow(context.Context) (backend.SyncReport, error) {
	f.syncs++
	return f.sync()
}
