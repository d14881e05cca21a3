package dta

import (
	"errors"
	"fmt"
)

// validate checks the variables and label sets; all problems are reported.
func validate(vars []Variable, sets []LabelSet) error {
	var errs []error
	if len(vars) == 0 {
		errs = append(errs, errors.New("no variables"))
	}
	if len(vars) > MaxVariables {
		errs = append(errs, fmt.Errorf("%d variables, the most is %d", len(vars), MaxVariables))
	}
	setNames := map[string]bool{}
	for _, s := range sets {
		if err := ValidName(s.Name); err != nil {
			errs = append(errs, fmt.Errorf("value label %w", err))
		}
		if setNames[s.Name] {
			errs = append(errs, fmt.Errorf("value label %q is defined twice", s.Name))
		}
		setNames[s.Name] = true
		seen := map[int32]bool{}
		for _, l := range s.Labels {
			c, err := labelCode(l.Value)
			if err != nil {
				errs = append(errs, fmt.Errorf("value label %q: %w", s.Name, err))
				continue
			}
			if seen[c] {
				errs = append(errs, fmt.Errorf("value label %q: value %s has more than one label", s.Name, l.Value))
			}
			seen[c] = true
		}
	}
	names := map[string]bool{}
	for i, v := range vars {
		if err := ValidName(v.Name); err != nil {
			errs = append(errs, fmt.Errorf("variable %d: %w", i+1, err))
		}
		if names[v.Name] {
			errs = append(errs, fmt.Errorf("variable %q appears twice", v.Name))
		}
		names[v.Name] = true
		if v.Type.size() == 0 {
			errs = append(errs, fmt.Errorf("variable %q: unknown type %d", v.Name, int(v.Type)))
		}
		if len(v.Format) > 56 {
			errs = append(errs, fmt.Errorf("variable %q: format %q is longer than 56 bytes", v.Name, v.Format))
		}
		if v.ValueLabel != "" {
			if v.Type.IsString() {
				errs = append(errs, fmt.Errorf("variable %q: string variables cannot have value labels", v.Name))
			}
			if !setNames[v.ValueLabel] {
				errs = append(errs, fmt.Errorf("variable %q: value label %q is not defined", v.Name, v.ValueLabel))
			}
		}
	}
	return errors.Join(errs...)
}
