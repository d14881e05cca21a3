package instruments

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"peil/survey"
)

// This file is the instrument format: which keys an instrument, section,
// item and option have and what their values mean, read with the reader of
// yaml.go: the instrument and its sections here, items in schema_item.go,
// options in schema_options.go, show_if and choice_filter expressions in
// schema_condition.go. Checks that span items are in validate.go.

// checkID reports an id that cannot be used as a variable name or in a
// condition (the rule is survey.CheckID).
func (p *parser) checkID(n *yaml.Node, ctx, id string) {
	switch survey.CheckID(id) {
	case survey.IDCharacters:
		p.add(n, "%s: id %q may contain only letters (a-z), digits and _, and may not start with a digit; for example q7 or kent_deelnemer", ctx, id)
	case survey.IDTooLong:
		p.add(n, "%s: id %q is longer than %d characters; choose a shorter id", ctx, id, survey.MaxIDLength)
	case survey.IDReserved:
		p.add(n, "%s: id %q is a word of the condition language (%s); choose another id", ctx, id, strings.Join(survey.ReservedIDs(), ", "))
	}
}

// originalName reads original_name: the name an imported item or section
// had in its form (first-name for the id first_name). It must be what
// survey.IDFromName turns into the id, and not the id itself.
func (p *parser) originalName(m mapping, ctx, id string) string {
	v := m.get("original_name")
	if v == nil || isNull(v) {
		return ""
	}
	name, ok := p.str(v, ctx, "original_name")
	switch {
	case !ok || name == "" || id == "":
	case name == id:
		p.add(v, "%s: original_name %q is the id itself; leave original_name out", ctx, name)
	case survey.IDFromName(name) != id:
		p.add(v, "%s: original_name %q does not match the id %s; an original name is the id with - or . where the id has _ (such as first-name for first_name)", ctx, name, id)
	default:
		return name
	}
	return ""
}

var topKeys = []string{"id", "version", "title", "description", "audience", "sections", "scales"}

// itemInfo remembers where an item was written, for checks that span
// items.
type itemInfo struct {
	id      string
	idNode  *yaml.Node
	node    *yaml.Node
	showIf  *yaml.Node
	roleSet *yaml.Node
	// filter is the choice_filter value, when the item has one.
	filter *yaml.Node
}

func (p *parser) instrument(n *yaml.Node) *survey.Instrument {
	m, ok := p.mapping(n, "instrument", "id:, version:, title: and sections:", topKeys)
	if !ok {
		return nil
	}
	in := &survey.Instrument{}
	if v := p.required(m, "instrument", "id", "a line such as \"id: cultuursurvey\""); v != nil {
		if s, ok := p.str(v, "instrument", "id"); ok {
			if !survey.ValidInstrumentID(s) {
				p.add(v, "instrument: id %q may contain only letters, digits, - and _; for example cultuursurvey", s)
			}
			in.ID = s
		}
	}
	if v := p.required(m, "instrument", "version", "a line such as \"version: 1\""); v != nil {
		if n, ok := p.integer(v, "instrument", "version"); ok {
			if n < 1 {
				p.add(v, "instrument: version is %d; versions start at 1 and go up with every change", n)
			}
			in.Version = n
		}
	}
	if v := p.required(m, "instrument", "title", "title: {nl: ..., en: ...}"); v != nil {
		in.Title = p.text(v, "instrument", "title")
	}
	if v := m.get("description"); v != nil && !isNull(v) {
		in.Description = p.text(v, "instrument", "description")
	}
	if v := m.get("audience"); v != nil {
		roles, nodes := p.strList(v, "instrument", "audience")
		for i, r := range roles {
			if j := slices.Index(roles, r); j < i {
				p.add(nodes[i], "instrument: audience lists %q twice; remove one", r)
				continue
			}
			in.Audience = append(in.Audience, r)
		}
	}
	var infos []itemInfo
	if v := p.required(m, "instrument", "sections", "a list of sections, each with id:, title: and items:"); v != nil {
		entries := p.list(v, "instrument", "sections", "- id: ...")
		if len(entries) == 0 && v.Kind == yaml.SequenceNode {
			p.add(v, "instrument: sections is empty; add at least one section with items")
		}
		sectionAt := map[string]*yaml.Node{}
		for _, e := range entries {
			s, idNode, inf := p.section(e)
			if first, dup := sectionAt[s.ID]; dup && s.ID != "" {
				p.add(idNode, "section %s: the id %s is already used by the section on line %d; every section needs its own id", s.ID, s.ID, first.Line)
			} else if s.ID != "" {
				sectionAt[s.ID] = idNode
			}
			in.Sections = append(in.Sections, s)
			infos = append(infos, inf...)
		}
	}
	var scaleNodes []*yaml.Node
	if v := m.get("scales"); v != nil {
		scaleNodes = p.list(v, "instrument", "scales", "- id: ...")
	}
	p.crossItems(in, infos)
	p.scales(in, scaleNodes, infos)
	p.checkLanguages(in)
	return in
}

var sectionKeys = []string{"id", "original_name", "title", "intro", "items"}

func (p *parser) section(n *yaml.Node) (survey.Section, *yaml.Node, []itemInfo) {
	var s survey.Section
	ctx := "section"
	m, ok := p.mapping(n, withID(ctx, n), "id:, title: and items:", sectionKeys)
	if !ok {
		return s, nil, nil
	}
	idNode := p.required(m, ctx, "id", "an id such as \"id: deelname\"")
	if v := idNode; v != nil {
		if id, ok := p.str(v, ctx, "id"); ok {
			s.ID = id
			ctx = "section " + id
			p.checkID(v, ctx, id)
		}
	}
	s.OriginalName = p.originalName(m, ctx, s.ID)
	if v := p.required(m, ctx, "title", "title: {nl: ..., en: ...}"); v != nil {
		s.Title = p.text(v, ctx, "title")
	}
	if v := m.get("intro"); v != nil && !isNull(v) {
		s.Intro = p.text(v, ctx, "intro")
	}
	var infos []itemInfo
	if v := p.required(m, ctx, "items", "a list of items, each with id:, type: and text:"); v != nil {
		entries := p.list(v, ctx, "items", "- id: ...")
		if len(entries) == 0 && v.Kind == yaml.SequenceNode {
			p.add(v, "%s: items is empty; add at least one item", ctx)
		}
		for _, e := range entries {
			it, inf := p.item(e)
			s.Items = append(s.Items, it)
			infos = append(infos, inf)
		}
	}
	return s, idNode, infos
}
