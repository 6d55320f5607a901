package graph

// C is the constant expression c.
func C(c float64) Lin { return Lin{Const: c} }

// V is the expression 1·id.
func V(id ID) Lin { return Lin{Terms: []Term{{id, 1}}} }

// Add returns a + b.
func Add(a, b Lin) Lin {
	out := Lin{Terms: make([]Term, 0, len(a.Terms)+len(b.Terms)), Const: a.Const + b.Const}
	out.Terms = append(out.Terms, a.Terms...)
	out.Terms = append(out.Terms, b.Terms...)
	return out.Simplify()
}

// Sum returns the sum of ls.
func Sum(ls ...Lin) Lin {
	out := Lin{}
	for _, l := range ls {
		out.Terms = append(out.Terms, l.Terms...)
		out.Const += l.Const
	}
	return out.Simplify()
}

// Scale returns k·a.
func Scale(k float64, a Lin) Lin {
	out := Lin{Terms: make([]Term, len(a.Terms)), Const: k * a.Const}
	for i, t := range a.Terms {
		out.Terms[i] = Term{t.ID, k * t.Coef}
	}
	return out.Simplify()
}

// Sub returns a - b.
func Sub(a, b Lin) Lin { return Add(a, Scale(-1, b)) }

// Plus returns a + c.
func (a Lin) Plus(c float64) Lin {
	out := Lin{Terms: append([]Term(nil), a.Terms...), Const: a.Const + c}
	return out
}

// Simplify merges terms of the same value and drops zero coefficients; terms
// stay in order of first appearance so weights are built deterministically.
func (a Lin) Simplify() Lin {
	idx := map[ID]int{}
	out := Lin{Const: a.Const}
	for _, t := range a.Terms {
		if i, ok := idx[t.ID]; ok {
			out.Terms[i].Coef += t.Coef
			continue
		}
		idx[t.ID] = len(out.Terms)
		out.Terms = append(out.Terms, t)
	}
	k := 0
	for _, t := range out.Terms {
		if t.Coef != 0 {
			out.Terms[k] = t
			k++
		}
	}
	out.Terms = out.Terms[:k]
	return out
}

// IsZero reports whether a is the zero expression.
func (a Lin) IsZero() bool { return len(a.Terms) == 0 && a.Const == 0 }
