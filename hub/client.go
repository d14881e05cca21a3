package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"peil/backend"
	"peil/survey"
)

// Client is a laptop's connection to its hub. It implements
// backend.HubClient.
type Client struct {
	base   string
	secret string
	hc     *http.Client
}

var _ backend.HubClient = (*Client)(nil)

// NewClient returns a client for the hub in the token. With a
// fingerprint, it accepts only that certificate (see pinnedTLS); without
// one, the system's certificate authorities (a hub behind a proxy).
func NewClient(t Token) *Client {
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: 5 * time.Minute,
		IdleConnTimeout:       time.Minute,
		ForceAttemptHTTP2:     true,
	}
	if t.Fingerprint != "" {
		tr.TLSClientConfig = pinnedTLS(t.Fingerprint)
	}
	return &Client{base: strings.TrimRight(t.URL, "/"), secret: t.Secret, hc: &http.Client{Transport: tr}}
}

// Close closes idle connections.
func (c *Client) Close() { c.hc.CloseIdleConnections() }

func (c *Client) do(ctx context.Context, method, path string, body []byte) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return nil, fmt.Errorf("the hub's address %s: %w", c.base, err)
	}
	if c.secret != "" {
		req.Header.Set("Authorization", "Bearer "+c.secret)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/vnd.peil.package")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("reaching the hub at %s: %w", c.base, err)
	}
	if resp.StatusCode/100 == 2 {
		return resp, nil
	}
	defer resp.Body.Close()
	return nil, readProblem(resp)
}

// readProblem turns the hub's problem document into an error: the hub's
// refusals (4xx) carry a survey error code and are not retried, its own
// failures (5xx) are.
func readProblem(resp *http.Response) error {
	var p problem
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if json.Unmarshal(b, &p) != nil || p.Detail == "" {
		p.Detail = strings.TrimSpace(string(b))
		if p.Detail == "" {
			p.Detail = resp.Status
		}
	}
	if resp.StatusCode >= 500 {
		return fmt.Errorf("the hub failed (%s): %s", resp.Status, p.Detail)
	}
	code := p.Code
	if code == "" {
		code = codeOf(resp.StatusCode)
	}
	if code == codeTooLarge || code == "" {
		code = survey.EINVALID
	}
	return &survey.Error{Code: code, Message: "the hub refused: " + p.Detail}
}

func (c *Client) getJSON(ctx context.Context, method, path string, body []byte, v any) error {
	resp, err := c.do(ctx, method, path, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(v); err != nil {
		return fmt.Errorf("reading the hub's answer: %w", err)
	}
	return nil
}

// Identify asks the hub what the token is.
func (c *Client) Identify(ctx context.Context) (backend.Identity, error) {
	var id backend.Identity
	err := c.getJSON(ctx, http.MethodGet, "/v1/whoami", nil, &id)
	return id, err
}

// Upload sends a data package; the hub has merged it when Upload returns
// without an error.
func (c *Client) Upload(ctx context.Context, pkg []byte) (backend.UploadResult, error) {
	var res backend.UploadResult
	err := c.getJSON(ctx, http.MethodPost, "/v1/packages", pkg, &res)
	return res, err
}

// Setup returns the hub's setup package.
func (c *Client) Setup(ctx context.Context) (io.ReadCloser, error) {
	resp, err := c.do(ctx, http.MethodGet, "/v1/setup", nil)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// Data returns the package of the data the token may read.
func (c *Client) Data(ctx context.Context) (io.ReadCloser, error) {
	resp, err := c.do(ctx, http.MethodGet, "/v1/data", nil)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}
