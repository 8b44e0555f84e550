"""The UD English EWT reader (analysis.training.ud_ewt) on a small CoNLL-U text of its format."""

from __future__ import annotations

from analysis.training.ud_ewt import read_conllu

# One sentence in the treebank's format, with a multiword token ("don't") that the reader leaves
# out in favour of its two syntactic words, and a passive (aux:pass, obl:agent).
CONLLU = """# newdoc id = doc-a
# sent_id = doc-a-0001
# text = They don't say it was shelled by militias.
1\tThey\tthey\tPRON\tPRP\t_\t4\tnsubj\t_\t_
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_
4\tsay\tsay\tVERB\tVB\t_\t0\troot\t_\t_
5\tit\tit\tPRON\tPRP\t_\t7\tnsubj:pass\t_\t_
6\twas\tbe\tAUX\tVBD\t_\t7\taux:pass\t_\t_
7\tshelled\tshell\tVERB\tVBN\t_\t4\tccomp\t_\t_
8\tby\tby\tADP\tIN\t_\t9\tcase\t_\t_
9\tmilitias\tmilitia\tNOUN\tNNS\t_\t7\tobl:agent\t_\t_
10\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

"""


def test_reader_keeps_syntactic_words(tmp_path):
    path = tmp_path / "x.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    (sent,) = read_conllu(path)
    assert sent.doc_id == "doc-a" and sent.sent_id == "doc-a-0001"
    assert sent.words == ["They", "do", "n't", "say", "it", "was", "shelled", "by", "militias", "."]
    shelled = sent.tokens[6]
    assert (shelled.xpos, shelled.deprel, shelled.head) == ("VBN", "ccomp", 4)
    assert [t.deprel for t in sent.tokens if t.head == 7] == ["nsubj:pass", "aux:pass", "obl:agent"]
