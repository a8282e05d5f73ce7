#!/usr/bin/python3
"""Print scikit-learn's word bigrams and TF-IDF weights for the cross-check in bigrams_test.go.

Run with Debian's interpreter and packages (python3-sklearn):

    /usr/bin/python3 models/classifier/testdata/make_bigrams.py

The numbers printed were copied into TestWordBigramsSklearn (bigrams_test.go) by hand.
"""
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

TRAIN = [
    "States shall respect the sovereignty of States. The information space of States!",
    "The sovereign State: its information space, and the sovereignty of States.",
    "A State's role, as appropriate, in Internet governance; the information space.",
    "Civil society and the private sector, in their respective roles; civil society_2030.",
    "Côte d'Ivoire and\tother States   agree: civil society, the private sector.",
    "x y z",
]
SCORE = [
    "The sovereignty of States, in the information space of States and the information space!",
    "Civil society: the private sector and civil society, and civil society.",
    "Nothing matches here: xyzzy.",
    "",
]
ANALYSE = "A State's  Côte-d'Ivoire\tinfo, a b2 société_civile 2030 x-y ÉTATS naïve"


def main():
    print("# sklearn", sklearn.__version__)
    for sub, smooth in [(True, True), (False, False)]:
        v = TfidfVectorizer(ngram_range=(2, 2), min_df=2,
                            sublinear_tf=sub, smooth_idf=smooth, norm="l2")
        v.fit(TRAIN)
        names = list(v.get_feature_names_out())
        print(f"## sublinear_tf={sub} smooth_idf={smooth}: {len(names)} bigrams")
        if sub:
            print("analyzer:", v.build_analyzer()(ANALYSE))
            print("vocabulary:", names)
        for g in names:
            print(f"idf[{g!r}] = {v.idf_[v.vocabulary_[g]]!r}")
        X = v.transform(SCORE)
        for i in range(len(SCORE)):
            row = X.getrow(i)
            pairs = sorted(zip(row.indices, row.data))
            print(f"row {i}:", [(names[j], float(x)) for j, x in pairs])


main()
