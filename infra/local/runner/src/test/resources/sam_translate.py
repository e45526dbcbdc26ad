"""Transforms a SAM template into plain CloudFormation with the SAM translator, as CloudFormation's
AWS::Serverless transform does at deploy time; prints the result as JSON. Usage: sam_translate.py TEMPLATE"""
import json
import sys

from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator
from samtranslator.yaml_helper import yaml_parse

with open(sys.argv[1], encoding="utf-8") as source:
    template = yaml_parse(source.read())
translated = Translator(managed_policy_map={}, sam_parser=Parser()).translate(
    sam_template=template, parameter_values={"AWS::Region": "us-east-1"})
json.dump(translated, sys.stdout, indent=1, sort_keys=True, default=str)
