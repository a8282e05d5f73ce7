module github.com/stanceshift/stanceshift

go 1.26

require (
	github.com/armon/go-radix v1.0.0 // indirect
	github.com/deckarep/golang-set v1.7.1 // indirect
	github.com/james-bowman/nlp v0.0.0-20210511120306-26d441fa0ded // indirect
	github.com/james-bowman/sparse v0.0.0-20260216202247-495ee4f84d35 // indirect
	github.com/jdkato/prose/v2 v2.0.0 // indirect
	github.com/mingrammer/commonregex v1.0.1 // indirect
	github.com/sergi/go-diff v1.4.0 // indirect
	github.com/spaolacci/murmur3 v1.1.0 // indirect
	golang.org/x/exp v0.0.0-20210220032938-85be41e4509f // indirect
	golang.org/x/tools v0.30.0 // indirect
	gonum.org/v1/gonum v0.17.0 // indirect
	gopkg.in/neurosnap/sentences.v1 v1.0.6 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
