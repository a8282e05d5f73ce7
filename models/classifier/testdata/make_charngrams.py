#!/usr/bin/python3
"""Print scikit-learn's char_wb n-grams and TF-IDF weights for the cross-check in charngrams_test.go.

Run with Debian's interpreter and packages (python3-sklearn):

    /usr/bin/python3 models/classifier/testdata/make_charngrams.py

The numbers printed were copied into TestCharNGramsSklearn (charngrams_test.go) by hand.
"""
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

TRAIN = [
    "States shall respect the sovereignty of States.",
    "The sovereign State: its information space.",
    "A State's role, as appropriate, in Internet governance.",
    "Civil society and the private sector, in their respective roles.",
    "Côte d'Ivoire and\tother States   agree.",
]
SCORE = [
    "The sovereignty of the State, in its  information space!",
    "Roles of civil society: États, a b.",
    "Nothing matches here: xyzzy.",
]
ANALYSE = "A State's  Côte-d'Ivoire\tinfo, a."


def main():
    print("# sklearn", sklearn.__version__)
    for sub, smooth in [(True, True), (False, False)]:
        v = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2,
                            sublinear_tf=sub, smooth_idf=smooth, norm="l2")
        v.fit(TRAIN)
        names = list(v.get_feature_names_out())
        print(f"## sublinear_tf={sub} smooth_idf={smooth}: {len(names)} n-grams")
        if sub:
            print("analyzer:", v.build_analyzer()(ANALYSE))
            print("vocabulary:", names)
        for g in [" st", "state", "ate", " the ", "ign"]:
            if g in v.vocabulary_:
                print(f"idf[{g!r}] = {v.idf_[v.vocabulary_[g]]!r}")
        X = v.transform(SCORE)
        for i in range(len(SCORE)):
            row = X.getrow(i)
            pairs = sorted(zip(row.indices, row.data))
            print(f"row {i}:", [(names[j], round(float(x), 12)) for j, x in pairs])


main()
