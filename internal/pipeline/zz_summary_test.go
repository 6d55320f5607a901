package pipeline

import "testing"

func TestZZSummary(t *testing.T) {
	_, m, err := Model()
	if err != nil {
		t.Fatal(err)
	}
	t.Log(m.Summary())
	t.Log("params", m.Params(), "nnz", m.NonZero(), "headnnz", m.Head.NNZ(), "tok", m.Tok.NNZ())
	for i := 0; i < m.Layers; i++ {
		t.Logf("layer %d heads %d in %d out %d ffin %d ffout %d", i, len(m.Heads[i]), m.In[i].NNZ(), m.Out[i].NNZ(), m.FFIn[i].NNZ(), m.FFOut[i].NNZ())
	}
}
